import { describe, expect, it } from 'vitest';
import {
  availabilityByDay,
  burnRate,
  burnSignal,
  currentStatus,
  incidentsOf,
  lastDays,
  type Sample,
  samplesOf,
  segmentsOf,
  sloReport,
  sloTargetProblem,
  type UptimeRun,
} from '../../../domain/monitoring/uptime.ts';

const START = Date.parse('2026-12-01T00:00:00Z');
const MINUTE = 60_000;
/** `.` a passing run, `x` a failing one, a minute apart from `start`, oldest first. */
const samples = (pattern: string, start = START): Sample[] =>
  [...pattern].map((c, i) => ({ at: start + i * MINUTE, ok: c !== 'x' }));
const iso = (minute: number) => new Date(START + minute * MINUTE).toISOString();

describe('uptime: segments, availability, incidents', () => {
  it('stores runs as run-length segments per check and expands them back to the same samples', () => {
    const runs: UptimeRun[] = [...'..xx.'].map((c, i) => ({
      at: iso(i),
      results: [
        { check: 'console', ok: true, latencyMs: 5, detail: 'ok' },
        { check: 'sign-in', ok: c === '.', latencyMs: 9, detail: c === '.' ? 'ok' : 'refused' },
      ],
    }));
    const signIn = segmentsOf(runs, 'sign-in');
    expect(signIn).toEqual([
      { from: iso(0), to: iso(1), ok: true, count: 2 },
      { from: iso(2), to: iso(3), ok: false, count: 2 },
      { from: iso(4), to: iso(4), ok: true, count: 1 },
    ]);
    expect(samplesOf(signIn)).toEqual(samples('..xx.'));
    // A run is good overall only when every check passed.
    expect(segmentsOf(runs, 'all').map((s) => [s.ok, s.count])).toEqual([
      [true, 2],
      [false, 2],
      [true, 1],
    ]);
    expect(segmentsOf(runs, 'api')).toEqual([]);
  });

  it('gives availability per UTC day, null on a day without runs', () => {
    const day2 = START + 86_400_000;
    const all = [...samples('...x'), ...samples('xx..', day2)];
    expect(availabilityByDay(all, ['2026-11-30', '2026-12-01', '2026-12-02'])).toEqual([
      { day: '2026-11-30', runs: 0, failures: 0, availability: null },
      { day: '2026-12-01', runs: 4, failures: 1, availability: 0.75 },
      { day: '2026-12-02', runs: 4, failures: 2, availability: 0.5 },
    ]);
    expect(lastDays(new Date('2026-12-02T10:00:00Z'), 3)).toEqual(['2026-11-30', '2026-12-01', '2026-12-02']);
  });

  it('opens an incident on 2 failing of 3 runs and closes it on 3 passing in a row', () => {
    // One failure alone is no incident; x.x is 2 of 3 and opens one at its first failure.
    expect(incidentsOf(samples('...x....'))).toEqual([]);
    expect(incidentsOf(samples('..x.xx..x...'))).toEqual([{ start: iso(2), end: iso(9), failures: 4 }]);
    // Still failing at the end: open, no end.
    expect(incidentsOf(samples('....xxx.'))).toEqual([{ start: iso(4), failures: 3 }]);
    // Two separate incidents.
    expect(incidentsOf(samples('xx...xx...')).map((i) => [i.start, i.end])).toEqual([
      [iso(0), iso(2)],
      [iso(5), iso(7)],
    ]);
  });

  it('says whether a check is up, down or unknown now', () => {
    expect(currentStatus([])).toEqual({ status: 'unknown' });
    expect(currentStatus(samples('....'))).toEqual({ status: 'up' });
    expect(currentStatus(samples('..xx'))).toEqual({ status: 'down', since: iso(2) });
    expect(currentStatus(samples('xx...'))).toEqual({ status: 'up', since: iso(2) });
  });
});

describe('uptime: the SLO, its error budget and burn rates', () => {
  const now = (minute: number) => new Date(START + minute * MINUTE);

  it('computes the error budget left over the window', () => {
    // 1000 runs, 1 bad: a 99.9% target allows 1, so the budget is spent exactly.
    const runs = samples(`${'.'.repeat(500)}x${'.'.repeat(499)}`);
    const report = sloReport(runs, { target: 0.999, windowDays: 30 }, now(999));
    expect(report).toMatchObject({ good: 999, total: 1000, availability: 0.999 });
    expect(report.errorBudget.spent).toBe(1);
    expect(report.errorBudget.allowed).toBeCloseTo(1);
    expect(report.errorBudget.remaining).toBeCloseTo(0);
    // At 99% the same run spends a tenth of the budget.
    expect(sloReport(runs, { target: 0.99, windowDays: 30 }, now(999)).errorBudget.remaining).toBeCloseTo(
      0.9,
    );
    // Runs older than the window do not count.
    expect(sloReport(runs, { target: 0.999, windowDays: 30 }, now(999 + 30 * 1440)).total).toBe(0);
  });

  it('burn rate is the error rate over the budgeted one, per window', () => {
    // An hour with 6 bad runs of 60 at 99%: error rate 10%, ten times the budget.
    const hour = samples(`${'.'.repeat(54)}${'x'.repeat(6)}`);
    expect(burnRate(hour, now(59), 60, 0.99)).toBeCloseTo(10);
    expect(burnRate(hour, now(59), 5, 0.99)).toBeCloseTo(100);
    expect(burnRate([], now(59), 5, 0.99)).toBeUndefined();
  });

  it('fires the fast burn alert only when both its 1 h and 5 min windows burn above 14.4×', () => {
    const target = 0.99;
    // A 10-minute outage at the end of a good hour: 1 h burns 10/60 / 1% = 16.7×, 5 min 100×.
    const outage = samples(`${'.'.repeat(50)}${'x'.repeat(10)}`);
    expect(burnSignal(outage, now(59), target, 'fast')).toBeCloseTo(16.67, 1);
    const firing = sloReport(outage, { target, windowDays: 30 }, now(59)).alerts.find(
      (a) => a.name === 'fast',
    );
    expect(firing).toMatchObject({ burning: true, factor: 14.4, longMinutes: 60, shortMinutes: 5 });
    // Recovered for 5 minutes: the hour still burns, the short window does not, so it resets.
    const recovered = samples(`${'.'.repeat(45)}${'x'.repeat(10)}${'.'.repeat(5)}`);
    expect(burnSignal(recovered, now(59), target, 'fast')).toBe(0);
    // A short blip burns the 5 min window hard but not the hour: no page.
    const blip = samples(`${'.'.repeat(57)}xxx`);
    expect(burnSignal(blip, now(59), target, 'fast')).toBeCloseTo(5);
  });

  it('fires the slow burn alert on 6× over 6 h and 30 min', () => {
    const target = 0.99;
    // Every 10th run bad for six hours: 10× on both windows.
    const steady = samples('.........x'.repeat(36));
    const report = sloReport(steady, { target, windowDays: 30 }, now(359));
    expect(report.alerts.find((a) => a.name === 'slow')).toMatchObject({ burning: true });
    expect(report.alerts.find((a) => a.name === 'fast')).toMatchObject({ burning: false });
    expect(report.burnRates.map((b) => b.minutes)).toEqual([5, 30, 60, 360]);
  });

  it('refuses targets outside 90%..99.999%', () => {
    expect(sloTargetProblem(0.999)).toBeUndefined();
    expect(sloTargetProblem(1)).toMatch(/between/);
    expect(sloTargetProblem(0.5)).toMatch(/between/);
    expect(sloTargetProblem(Number.NaN)).toMatch(/between/);
  });
});
