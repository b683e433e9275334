import { randomUUID } from 'node:crypto';
import type { PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import type { EventPattern } from '../../events/rules.ts';
import { matches } from './event-pattern.ts';
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

export interface LocalBus {
  putEvents: (entries: PutEventsRequestEntry[]) => {
    Entries: PutEventsResultEntry[];
    FailedEntryCount: number;
  };
  /** Resolves once every delivery accepted so far has finished (tests and shutdown wait on it). */
  idle: () => Promise<void>;
  deadLetters: DeadLetter[];
  stats: { received: number; delivered: number; failed: number };
}

export const createBus = (options: {
  busName: string;
  rules: BusRule[];
  concurrency?: number;
  retryDelayMs?: number;
  onDeadLetter?: (letter: DeadLetter) => void;
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
    putEvents: (entries) => {
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
            const delivery = deliver(rule.name, target, event).finally(() => inFlight.delete(delivery));
            inFlight.add(delivery);
          }
        }
        return { EventId: id };
      });
      return { Entries: results, FailedEntryCount: results.filter((r) => r.ErrorCode).length };
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };

  const deliver = async (rule: string, target: LocalFunction, event: Record<string, unknown>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await limitFor(target.name)(() => invoke(target, event));
        bus.stats.delivered += 1;
        return;
      } catch (error) {
        if (attempt >= RETRY_ATTEMPTS + 1) {
          bus.stats.failed += 1;
          const letter = {
            rule,
            target: target.name,
            event,
            error: String(error),
            at: new Date().toISOString(),
          };
          bus.deadLetters.push(letter);
          options.onDeadLetter?.(letter);
          return;
        }
        await new Promise((resolve) =>
          setTimeout(resolve, (options.retryDelayMs ?? 200) * 2 ** (attempt - 1)),
        );
      }
    }
  };
  return bus;
};
