import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { breaches } from '../../../domain/monitoring/evaluator.ts';
import { ruleById } from '../../../domain/monitoring/rules.ts';
import { PROJECTION_LAG_METRIC } from '../../../functions/monitoring/metrics-catalog.ts';
import { deadLettersCheck, projectionLagCheck } from '../../../functions/monitoring/pipeline-figures.ts';
import { localTelemetry } from '../../../functions/monitoring/telemetry-local.ts';
import type { TelemetryPort } from '../../../functions/monitoring/telemetry-port.ts';
import { projectionLagMs } from '../../../functions/projections/handler.ts';
import { startTelemetry, type Telemetry } from '../../../infra/local/telemetry.ts';

let collector: Telemetry | undefined;
afterEach(() => {
  collector?.stop();
  collector = undefined;
});

const MINUTE = 60_000;
const store = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'firefly-pipeline-')), 'telemetry.sqlite');
  collector = startTelemetry({ file, terminalLevel: 'SILENT', flushMs: 60_000 });
  return { collector, port: localTelemetry(file) };
};

describe('the pipeline figures read from the metrics', () => {
  it('projection lag: p95 over the last 5 minutes, degraded past 30 s, and the rule breaches past 60 s', async () => {
    const { collector, port } = store();
    const now = Date.now();
    const recent = Math.floor(now / MINUTE) * MINUTE - 2 * MINUTE;
    for (let i = 0; i < 95; i++)
      collector.sample(PROJECTION_LAG_METRIC, 40, { service: 'projector' }, recent);
    for (let i = 0; i < 5; i++)
      collector.sample(PROJECTION_LAG_METRIC, 45_000, { service: 'projector' }, recent);
    collector.flush();

    const healthy = await projectionLagCheck(new Date(now), port);
    expect(healthy).toMatchObject({ status: 'ok', figures: { projected: 100 } });
    expect(healthy.figures!.projectionLagP95Seconds).toBeLessThan(1);

    for (let i = 0; i < 100; i++)
      collector.sample(PROJECTION_LAG_METRIC, 90_000, { service: 'projector' }, recent + 1000);
    collector.flush();
    const behind = await projectionLagCheck(new Date(now), port);
    expect(behind.status).toBe('degraded');
    const rule = ruleById('projection-lag')!;
    expect(breaches(rule.condition, behind.figures![rule.measure]!)).toBe(true);

    // Ten minutes on, nothing projected: no lag to speak of, and no breach.
    const quiet = await projectionLagCheck(new Date(now + 10 * MINUTE), port);
    expect(quiet).toMatchObject({ status: 'ok', figures: { projected: 0, projectionLagP95Seconds: 0 } });
  });

  it('dead letters: counted over the last 15 minutes with their targets; the rule fires on the first', async () => {
    const { collector, port } = store();
    const now = Date.now();
    const clean = await deadLettersCheck(new Date(now), port);
    expect(clean).toMatchObject({ status: 'ok', figures: { deadLetters: 0 } });
    const rule = ruleById('dead-letters')!;
    expect(breaches(rule.condition, clean.figures![rule.measure]!)).toBe(false);

    collector.sample(
      'bus.deadLetters',
      1,
      { target: 'audit' },
      Math.floor(now / MINUTE) * MINUTE - 3 * MINUTE,
    );
    collector.flush();
    const lost = await deadLettersCheck(new Date(now), port);
    expect(lost).toMatchObject({ status: 'degraded', figures: { deadLetters: 1 } });
    expect(lost.reason).toContain('audit');
    expect(breaches(rule.condition, lost.figures![rule.measure]!)).toBe(true);
    // Out of the window a quarter of an hour later.
    expect((await deadLettersCheck(new Date(now + 16 * MINUTE), port)).figures).toEqual({ deadLetters: 0 });
  });

  it('a metrics read that fails reports the check down, with no figure (a breach to the rules)', async () => {
    const broken = {
      metrics: () => Promise.reject(new Error('AccessDenied')),
    } as unknown as TelemetryPort;
    const lag = await projectionLagCheck(new Date(), broken);
    expect(lag).toMatchObject({ status: 'down', reason: expect.stringContaining('AccessDenied') });
    expect(lag.figures).toBeUndefined();
  });

  it('leaves events older than a day out of the lag: they were not written live', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    expect(projectionLagMs('2026-12-02T11:59:58Z', now)).toBe(2000);
    expect(projectionLagMs('2024-03-01T10:00:00Z', now)).toBeUndefined();
    expect(projectionLagMs('2026-12-02T12:00:05Z', now)).toBe(0);
  });
});
