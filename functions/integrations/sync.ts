import { ulid } from 'ulid';
import type { DeliveryState } from '../../domain/integrations/deliveries.ts';
import { checkDayDecider, type IntegrationState } from '../../domain/integrations/integrations.ts';
import {
  ALERT_RULE,
  alertTransition,
  type CheckRun,
  type DeliveryFact,
  type RejectionFact,
  type SyncStats,
  type SyncStatus,
  syncStats,
  syncStatus,
} from '../../domain/integrations/sync-health.ts';
import { addDays, dayOf } from '../../domain/shared/days.ts';
import type { Actor } from '../../events/envelope.ts';
import { listRows } from '../adapters/views.ts';
import { aggregates, systemStreams } from '../application/aggregates.ts';
import { execute, load } from '../application/command.ts';
import { searchEntries } from '../audit/search.ts';
import { runChecks } from './connection-test.ts';

type Integration = Extract<IntegrationState, { exists: true }>;

/** Who runs the scheduled checks: visible as the actor of every check and alert event. */
export const HEALTH_CHECKER: Actor = { id: 'system:integration-health', role: 'system' };

/**
 * The window's deliveries are counted from the delivery log (newest first, time-ordered ids) and its
 * refusals from the audit log; both stop at this many, enough for a small business's providers, and
 * the answer says when it was reached.
 */
const MAX_FACTS = 5000;

/** The scheduled check runs of the last two UTC days (each day its own stream), oldest first. */
export const recentRuns = async (integrationId: string, now: Date): Promise<CheckRun[]> => {
  const today = dayOf(now);
  const days = [addDays(today, -1), today];
  const loaded = await Promise.all(
    days.map((day) => load(checkDayDecider, systemStreams.integrationChecks(integrationId, day))),
  );
  return loaded.flatMap((l) => l.state.runs);
};

/**
 * One scheduled health check of an integration: its provider checks recorded, then the alert rule
 * applied to the latest runs. An inbound-only integration has nothing to call; its health is its
 * deliveries', and no run is recorded.
 */
export const checkIntegration = async (integration: Integration, now: Date) => {
  const meta = { actor: HEALTH_CHECKER, correlationId: ulid() };
  const checks = await runChecks(integration, meta, { roundTrip: false });
  if (checks.every((c) => c.outcome === 'skipped')) return { recorded: false as const };
  const at = now.toISOString();
  await execute(
    checkDayDecider,
    systemStreams.integrationChecks(integration.integrationId, dayOf(now)),
    { type: 'RecordCheck', integrationId: integration.integrationId, at, checks },
    meta,
  );
  const transition = alertTransition(
    await recentRuns(integration.integrationId, now),
    Boolean(integration.alert),
  );
  if (transition)
    await execute(
      aggregates.integration.decider,
      aggregates.integration.stream(integration.integrationId),
      { ...transition, at },
      meta,
    );
  return {
    recorded: true as const,
    failed: checks.some((c) => c.outcome === 'failed'),
    alert: transition?.type,
  };
};

/** Every active integration checked in turn; one that throws is counted and the others still run. */
export const checkAllIntegrations = async (now: Date) => {
  const summary = { checked: 0, failed: 0, raised: 0, cleared: 0, errors: 0 };
  let cursor: string | undefined;
  do {
    const page = await listRows<IntegrationState>(aggregates.integration, {
      where: { status: 'active' },
      limit: 100,
      ...(cursor ? { cursor } : {}),
    });
    for (const row of page.items) {
      if (!row.state.exists) continue;
      try {
        const result = await checkIntegration(row.state, now);
        if (!result.recorded) continue;
        summary.checked += 1;
        if (result.failed) summary.failed += 1;
        if (result.alert === 'RaiseAlert') summary.raised += 1;
        if (result.alert === 'ClearAlert') summary.cleared += 1;
      } catch {
        summary.errors += 1;
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return summary;
};

const deliveryFacts = async (integrationId: string, from: string) => {
  const facts: DeliveryFact[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRows<DeliveryState>(aggregates.webhookDelivery, {
      where: { integrationId },
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const row of page.items) {
      const state = row.state;
      if (!state.exists) continue;
      // Newest first: the first one older than the window ends the walk.
      if (state.receivedAt < from) return { facts, capped: false };
      facts.push({
        receivedAt: state.receivedAt,
        status: state.status,
        ...(state.status === 'received' ? {} : { processedAt: row.updatedAt }),
        ...(state.detail ? { detail: state.detail } : {}),
      });
      if (facts.length >= MAX_FACTS) return { facts, capped: true };
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { facts, capped: false };
};

const rejectionFacts = async (integrationId: string, from: string) => {
  const facts: RejectionFact[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchEntries({
      who: `integration:${integrationId}`.toLowerCase(),
      type: 'WebhookSignatureRejected',
      from,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const entry of page.items)
      facts.push({ at: entry.occurredAt, reason: String(entry.changes.reason ?? 'refused') });
    cursor = facts.length < MAX_FACTS ? page.nextCursor : undefined;
  } while (cursor);
  return facts;
};

export interface SyncView {
  integrationId: string;
  status: SyncStatus;
  reasons: string[];
  stats: SyncStats;
  /** Whether the window held more deliveries than are counted (then the figures are a lower bound). */
  capped: boolean;
  checks: {
    rule: typeof ALERT_RULE;
    /** Scheduled runs of the last 24 hours, oldest first: when, and which checks failed. */
    runs: { at: string; failed: string[] }[];
    alert?: { since: string; reason: string };
  };
}

/** An integration's sync over the last `hours`: status and reasons, counts per hour, checks and alert. */
export const syncOf = async (integration: Integration, now: Date, hours = 24): Promise<SyncView> => {
  const from = new Date(now.getTime() - hours * 3_600_000).toISOString();
  const [deliveries, rejections, runs] = await Promise.all([
    deliveryFacts(integration.integrationId, from),
    rejectionFacts(integration.integrationId, from),
    recentRuns(integration.integrationId, now),
  ]);
  const stats = syncStats(deliveries.facts, rejections, now, hours);
  const lastRun = runs.at(-1);
  const verdict = syncStatus({
    integrationStatus: integration.status,
    ...(integration.disabledReason ? { disabledReason: integration.disabledReason } : {}),
    ...(integration.alert ? { alert: integration.alert } : {}),
    ...(lastRun ? { lastRun } : {}),
    stats,
    now,
  });
  return {
    integrationId: integration.integrationId,
    ...verdict,
    stats,
    capped: deliveries.capped,
    checks: {
      rule: ALERT_RULE,
      runs: runs
        .filter((r) => r.at >= from)
        .map((r) => ({
          at: r.at,
          failed: r.checks.filter((c) => c.outcome === 'failed').map((c) => c.check),
        })),
      ...(integration.alert ? { alert: integration.alert } : {}),
    },
  };
};
