/**
 * Typed configuration from the environment. Both clouds set the same variables: the CDK app from
 * resource names, the local cloud from its own. Endpoints come from the SDK's standard
 * `AWS_ENDPOINT_URL_<SERVICE>` variables, so nothing here knows which cloud it runs in.
 */
const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
};

export const config = {
  get eventsTable() {
    return required('EVENTS_TABLE');
  },
  get viewsTable() {
    return required('VIEWS_TABLE');
  },
  get idempotencyTable() {
    return required('IDEMPOTENCY_TABLE');
  },
  get busName() {
    return required('EVENT_BUS_NAME');
  },
  get userPoolClientId() {
    return required('USER_POOL_CLIENT_ID');
  },
  get s3ForcePathStyle() {
    return process.env.S3_FORCE_PATH_STYLE === 'true';
  },
  get stage() {
    return process.env.STAGE ?? 'local';
  },
};
