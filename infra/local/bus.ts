import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { matches } from '../../events/pattern-match.ts';
import type { EventPattern } from '../../events/rules.ts';
import { invoke, type LocalFunction, limiter } from './lambda.ts';

/**
 * The local EventBridge bus: takes PutEvents, matches each event against the rules and delivers it
 * asynchronously to each rule's targets, retrying with backoff and dead-lettering after the last try,
 * as the CDK app configures the real rules (see RETRY_ATTEMPTS).
 */
export const RETRY_ATTEMPTS = 3;
const MAX_ENTRY_BYTES = 256 * 1024;

export interface BusRule {
  name: string;
  pattern: EventPattern;
  targets: LocalFunction[];
}

export interface DeadLetter {
  rule: string;
  target: string;
  event: Record<string, unknown>;
  error: string;
  at: string;
}

/** One event on its way to one target: what the journal keeps until the delivery ends. */
export interface Delivery {
  id: string;
  rule: string;
  target: string;
  event: Record<string, unknown>;
}

/**
 * Where accepted deliveries wait until they end, so a crash loses none: EventBridge keeps an event
 * durably once PutEvents succeeds, and the local bus must too.
 */
export interface BusJournal {
  save: (deliveries: Delivery[]) => Promise<void>;
  remove: (id: string) => Promise<void>;
  load: () => Promise<Delivery[]>;
}

export interface LocalBus {
  putEvents: (
    entries: PutEventsRequestEntry[],
  ) => Promise<{ Entries: PutEventsResultEntry[]; FailedEntryCount: number }>;
  /** Restarts the deliveries a previous run accepted but did not finish. */
  recover: () => Promise<number>;
  /** Resolves once every delivery accepted so far has finished (tests and shutdown wait on it). */
  idle: () => Promise<void>;
  deadLetters: DeadLetter[];
  stats: { received: number; delivered: number; failed: number };
}

export const createBus = (options: {
  busName: string;
  rules: BusRule[];
  journal: BusJournal;
  concurrency?: number;
  retryDelayMs?: number;
  onDeadLetter?: (letter: DeadLetter) => void;
  /** Each attempt's outcome, for the local cloud's telemetry (EventBridge's metrics in AWS). */
  onDelivery?: (delivery: { target: string; outcome: 'delivered' | 'retried' | 'deadLettered' }) => void;
}): LocalBus => {
  const inFlight = new Set<Promise<void>>();
  const limits = new Map<string, ReturnType<typeof limiter>>();
  const limitFor = (name: string) => {
    const limit = limits.get(name) ?? limiter(options.concurrency ?? 8);
    limits.set(name, limit);
    return limit;
  };
  const bus: LocalBus = {
    deadLetters: [],
    stats: { received: 0, delivered: 0, failed: 0 },
    putEvents: async (entries) => {
      const deliveries: Delivery[] = [];
      const results = entries.map((entry): PutEventsResultEntry => {
        if (entry.EventBusName && entry.EventBusName !== options.busName) {
          return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `No bus ${entry.EventBusName}` };
        }
        if (!entry.Source || !entry.DetailType || !entry.Detail) {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Source, DetailType and Detail are required' };
        }
        if (Buffer.byteLength(entry.Detail) > MAX_ENTRY_BYTES) {
          return { ErrorCode: 'EntryTooLarge', ErrorMessage: 'Entries are limited to 256 KB' };
        }
        let detail: unknown;
        try {
          detail = JSON.parse(entry.Detail);
        } catch {
          return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
        }
        const id = randomUUID();
        const event = {
          version: '0',
          id,
          'detail-type': entry.DetailType,
          source: entry.Source,
          account: '000000000000',
          time: (entry.Time ? new Date(entry.Time) : new Date()).toISOString(),
          region: process.env.AWS_REGION ?? 'local',
          resources: entry.Resources ?? [],
          detail,
        };
        bus.stats.received += 1;
        for (const rule of options.rules) {
          if (!matches(rule.pattern, event)) continue;
          for (const target of rule.targets) {
            deliveries.push({
              id: `${id}#${rule.name}#${target.name}`,
              rule: rule.name,
              target: target.name,
              event,
            });
          }
        }
        return { EventId: id };
      });
      await options.journal.save(deliveries);
      for (const delivery of deliveries) start(delivery);
      return { Entries: results, FailedEntryCount: results.filter((r) => r.ErrorCode).length };
    },
    recover: async () => {
      const pending = await options.journal.load();
      for (const delivery of pending) start(delivery);
      return pending.length;
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  const targets = new Map(options.rules.flatMap((rule) => rule.targets.map((t) => [t.name, t] as const)));

  const start = (delivery: Delivery) => {
    const running: Promise<void> = deliver(delivery)
      .then(() => options.journal.remove(delivery.id))
      .catch((error: unknown) => console.error('[bus] could not clear a finished delivery:', error))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };

  const deliver = async ({ rule, target: name, event }: Delivery) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const target = targets.get(name);
        if (!target) throw new Error(`No target ${name}`);
        await limitFor(name)(() => invoke(target, event));
        bus.stats.delivered += 1;
        options.onDelivery?.({ target: name, outcome: 'delivered' });
        return;
      } catch (error) {
        if (attempt >= RETRY_ATTEMPTS + 1) {
          bus.stats.failed += 1;
          const letter = { rule, target: name, event, error: String(error), at: new Date().toISOString() };
          bus.deadLetters.push(letter);
          options.onDeadLetter?.(letter);
          options.onDelivery?.({ target: name, outcome: 'deadLettered' });
          return;
        }
        options.onDelivery?.({ target: name, outcome: 'retried' });
        await new Promise((resolve) =>
          setTimeout(resolve, (options.retryDelayMs ?? 200) * 2 ** (attempt - 1)),
        );
      }
    }
  };
  return bus;
};
