import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { breaches } from '../../../domain/monitoring/evaluator.ts';
import { ruleById } from '../../../domain/monitoring/rules.ts';
import { apiFiguresCheck } from '../../../functions/monitoring/api-figures.ts';
import { localTelemetry } from '../../../functions/monitoring/telemetry-local.ts';
import { startTelemetry, type Telemetry } from '../../../infra/local/telemetry.ts';

let collector: Telemetry | undefined;
afterEach(() => collector?.stop());

const MINUTE = 60_000;

describe('the built-in rules on the API metrics', () => {
  it('read the last whole minute: 5xx rate and p99 latency breach their thresholds, a quiet minute does not', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'firefly-figures-')), 'telemetry.sqlite');
    collector = startTelemetry({ file, terminalLevel: 'SILENT', flushMs: 60_000 });
    const port = localTelemetry(file);
    const now = Date.now();
    const lastMinute = Math.floor(now / MINUTE) * MINUTE - MINUTE + 1000;
    // What the gateway records of one request, for the whole API (no route dimension).
    const request = (status: number, ms: number, at: number) => {
      collector!.sample('api.requests', 1, {}, at);
      collector!.sample('api.latency', ms, {}, at);
      if (status >= 500) collector!.sample('api.5xx', 1, {}, at);
    };
    for (let i = 0; i < 95; i++) request(200, 20, lastMinute);
    for (let i = 0; i < 5; i++) request(503, 2500, lastMinute);
    collector.flush();

    const busy = await apiFiguresCheck(new Date(now), port);
    expect(busy.figures).toMatchObject({ requests: 100, serverErrorRatePercent: 5 });
    expect(busy.figures!.p99LatencyMs).toBeGreaterThan(2400);
    const fiveXX = ruleById('api-5xx-rate')!;
    const p99 = ruleById('api-p99-latency')!;
    expect(breaches(fiveXX.condition, busy.figures![fiveXX.measure]!)).toBe(true);
    expect(breaches(p99.condition, busy.figures![p99.measure]!)).toBe(true);

    const quiet = await apiFiguresCheck(new Date(now + 10 * MINUTE), port);
    expect(quiet.figures).toEqual({ requests: 0, serverErrorRatePercent: 0, p99LatencyMs: 0 });
    expect(breaches(fiveXX.condition, quiet.figures![fiveXX.measure]!)).toBe(false);
    expect(breaches(p99.condition, quiet.figures![p99.measure]!)).toBe(false);
  });
});
