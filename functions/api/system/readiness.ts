import { getRecord, OPS_VIEWS, putRecord } from '../../backup/records.ts';

/**
 * Whether the platform's data is in place. A deployment in AWS is ready as soon as it answers (there is
 * no record); the local cloud's first start marks itself as seeding before it imports the demo history
 * and ready after, so a person or a script waiting on `/api/health/ready` never sees a half-seeded store.
 */
interface ReadinessRecord {
  state: 'seeding' | 'ready';
  detail: string;
  since: string;
}

const ID = 'readiness';

export const markSeeding = (detail: string) =>
  putRecord<ReadinessRecord>(OPS_VIEWS.system, ID, {
    state: 'seeding',
    detail,
    since: new Date().toISOString(),
  });

export const markReady = () =>
  putRecord<ReadinessRecord>(OPS_VIEWS.system, ID, {
    state: 'ready',
    detail: 'The platform is ready',
    since: new Date().toISOString(),
  });

export const readReadiness = async (): Promise<{ ready: boolean; detail: string; since?: string }> => {
  const record = await getRecord<ReadinessRecord>(OPS_VIEWS.system, ID);
  if (!record || record.state === 'ready') return { ready: true, detail: 'The platform is ready' };
  return { ready: false, detail: record.detail, since: record.since };
};
