import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillAuditLog } from '../../functions/audit/digests.ts';
import { verifyAuditLog } from '../../functions/audit/verify-log.ts';
import { type SeedReport, seedDemo } from '../../infra/local/seed.ts';
import { startTestCloud, type TestCloud } from '../support/cloud.ts';

/**
 * Issue 17: the demo seed chains its history into the audit log itself, so a first start leaves no
 * back-fill running after Ready: the chain is complete, verifies, and a back-fill finds nothing to do.
 */
let cloud: TestCloud;
let report: SeedReport;

beforeAll(async () => {
  cloud = await startTestCloud();
  report = await seedDemo(() => undefined, { seed: 'seed-audit', scale: 0.02 });
}, 300_000);
afterAll(() => cloud?.stop());

describe('seeding the demo history', () => {
  it('chains every event of the history into the audit log as it seeds', async () => {
    expect(report.chained).toBe(report.stats.events);
    const verified = await verifyAuditLog({ deep: true });
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBeGreaterThanOrEqual(report.stats.events);
    expect(verified.deep?.missingFromLog).toEqual([]);
    // Nothing is left for a back-fill (the reconciliation's walk starts after the seeded history).
    expect(await backfillAuditLog()).toMatchObject({ chained: 0 });
  }, 300_000);
});
