import { AthenaClient } from '@aws-sdk/client-athena';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../runtime/config.ts';

/**
 * SDK clients are created once per container, on first use, so cold starts pay only for what a function
 * uses. Each is marked pure so a bundle leaves out the clients (and SDK packages) its function never calls.
 */
const lazy = <T>(create: () => T): (() => T) => {
  let instance: T | undefined;
  return () => {
    instance ??= create();
    return instance;
  };
};

export const dynamo = /* @__PURE__ */ lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);
export const eventBridge = /* @__PURE__ */ lazy(() => new EventBridgeClient({}));
export const cognito = /* @__PURE__ */ lazy(() => new CognitoIdentityProviderClient({}));
/**
 * Path-style where the endpoint needs it (s3rver). Checksum behaviour comes from the standard
 * AWS_REQUEST_CHECKSUM_CALCULATION / AWS_RESPONSE_CHECKSUM_VALIDATION variables: the local cloud sets
 * WHEN_REQUIRED (s3rver would store the chunked framing), AWS keeps the SDK's default checksums.
 */
export const s3 = /* @__PURE__ */ lazy(() => new S3Client({ forcePathStyle: config.s3ForcePathStyle }));
export const sfn = /* @__PURE__ */ lazy(() => new SFNClient({}));
export const ses = /* @__PURE__ */ lazy(() => new SESv2Client({}));
export const lambda = /* @__PURE__ */ lazy(() => new LambdaClient({}));
export const scheduler = /* @__PURE__ */ lazy(() => new SchedulerClient({}));
export const athena = /* @__PURE__ */ lazy(() => new AthenaClient({}));

/**
 * Clients for health probes: one attempt each, so a dependency that refuses answers at once instead of
 * after the SDK's retries, and the probe's own timeout (functions/monitoring/deep-health.ts) is the
 * only wait.
 */
export const probes = /* @__PURE__ */ lazy(() => ({
  dynamo: new DynamoDBClient({ maxAttempts: 1 }),
  s3: new S3Client({ forcePathStyle: config.s3ForcePathStyle, maxAttempts: 1 }),
  eventBridge: new EventBridgeClient({ maxAttempts: 1 }),
  cognito: new CognitoIdentityProviderClient({ maxAttempts: 1 }),
  sfn: new SFNClient({ maxAttempts: 1 }),
}));
