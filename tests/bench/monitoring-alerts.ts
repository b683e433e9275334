import { type Json, signedIn, startTestCloud } from '../support/cloud.ts';
import { round } from './support.ts';

/**
 * Time from a dependency going down to its alert firing and to its recovery (called by `npm run bench`,
 * or `npx tsx tests/bench/monitoring-alerts.ts`). The schedules are driven with `runNow` ticks back to
 * back rather than waited for: each tick stands for one minute of the real 60-second cadence, so the
 * time at the real cadence is ticks × 60 s plus the tick's own work; the wall-clock figures are how
 * long the ticks themselves take on this machine. Two paths: S3 stopped → the backups bucket's alert
 * (fires on 3 of 5, recovers on 3 of 3) and its notification in the centre; Cognito stopped → the
 * sign-in uptime check's incident (opens on 2 of 3, closes on 3 passing).
 */
const CADENCE_S = 60;
const MAX_TICKS = 10;

export const benchMonitoringAlerts = async (): Promise<Record<string, number>> => {
  const cloud = await startTestCloud({ logLevel: 'ERROR' });
  try {
    const owner = await signedIn(cloud, 'owner');
    const tick = async (schedule: string) => {
      await cloud.scheduler.runNow(schedule);
      await cloud.settle();
    };
    const ruleState = async () =>
      String(
        (await owner.get<{ rule: Json }>('/api/monitoring/alerts/health-bucket-backups')).body.rule.state,
      );
    const ticksUntil = async (schedule: string, done: () => Promise<boolean>) => {
      const started = performance.now();
      for (let ticks = 1; ticks <= MAX_TICKS; ticks++) {
        await tick(schedule);
        if (await done()) return { ticks, ms: performance.now() - started };
      }
      throw new Error(`${schedule}: not done after ${MAX_TICKS} ticks`);
    };
    // A healthy start: OK needs 3 passing runs.
    await ticksUntil('monitoring-check', async () => (await ruleState()) === 'OK');

    await cloud.services.s3.stop();
    const fire = await ticksUntil('monitoring-check', async () => (await ruleState()) === 'ALARM');
    const notifiedFrom = performance.now();
    for (;;) {
      const titles = (
        (await owner.get<{ items: Json[] }>('/api/notifications?limit=50')).body.items ?? []
      ).map((n) => n.title);
      if (titles.includes('Alert firing: Backups bucket down')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const notifyMs = performance.now() - notifiedFrom;
    await cloud.services.s3.start();
    const recover = await ticksUntil('monitoring-check', async () => (await ruleState()) === 'OK');

    const incident = async () =>
      (await owner.get<{ items: Json[] }>('/api/monitoring/uptime/incidents?check=sign-in')).body.items?.[0];
    await tick('uptime-check');
    await cloud.services.cognito.stop();
    let opened: { ticks: number; ms: number };
    try {
      opened = await ticksUntil('uptime-check', async () => {
        const found = await incident();
        return found?.open === true;
      });
    } finally {
      await cloud.services.cognito.start();
    }
    const closed = await ticksUntil('uptime-check', async () => (await incident())?.open === false);

    return {
      alertFireTicks: fire.ticks,
      alertFireSecondsAtCadence: fire.ticks * CADENCE_S,
      alertFireWallMs: round(fire.ms),
      alertNotifiedAfterFireMs: round(notifyMs),
      alertRecoverTicks: recover.ticks,
      alertRecoverSecondsAtCadence: recover.ticks * CADENCE_S,
      alertRecoverWallMs: round(recover.ms),
      uptimeIncidentOpenTicks: opened.ticks,
      uptimeIncidentOpenSecondsAtCadence: opened.ticks * CADENCE_S,
      uptimeIncidentCloseTicks: closed.ticks,
      uptimeIncidentCloseSecondsAtCadence: closed.ticks * CADENCE_S,
      uptimeTickWallMs: round(closed.ms / closed.ticks),
    };
  } finally {
    await cloud.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchMonitoringAlerts(), null, 2));
  process.exit(0);
}
