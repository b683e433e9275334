import { describe, expect, it } from 'vitest';
import {
  MAX_ATTEMPTS,
  nextAttemptAt,
  type OutboundDeliveryEvent,
  type OutboundDeliveryState,
  outboundDeliveryDecider,
} from '../../../domain/integrations/outbound-deliveries.ts';
import {
  type EndpointEvent,
  type EndpointState,
  endpointDecider,
  endpointWants,
  subscribableEventTypes,
} from '../../../domain/integrations/outbound-endpoints.ts';

const DAY = 86_400_000;
const start = Date.parse('2026-11-01T09:00:00Z');
const at = (ms: number) => new Date(start + ms).toISOString();

const created: EndpointEvent = {
  type: 'OutboundEndpointCreated',
  data: {
    endpointId: 'E1',
    url: 'https://hooks.example.com/in',
    description: 'CRM',
    eventTypes: ['CustomerRegistered'],
    filters: {},
    format: 'standard-webhooks',
    owner: { id: 'u-1', email: 'owner@example.com' },
    secret: { fingerprint: '0123456789abcdef', last4: 'abcd' },
  },
};

/** Runs outcomes through the decider, evolving as the store would, and returns every event decided. */
const outcomes = (steps: [number, boolean][]) => {
  let state: EndpointState = endpointDecider.evolve(endpointDecider.initialState, created);
  const decided: EndpointEvent[] = [];
  for (const [ms, ok] of steps) {
    const events = endpointDecider.decide({ type: 'RecordEndpointOutcome', ok, at: at(ms) }, state);
    decided.push(...events);
    state = events.reduce(endpointDecider.evolve, state);
  }
  return { state, decided };
};

describe('an endpoint failing continuously', () => {
  it('is disabled once every attempt for 5 days has failed, and its owner is named to be told', () => {
    const { state, decided } = outcomes([
      [0, false],
      [2 * DAY, false],
      [5 * DAY - 1, false],
      [5 * DAY, false],
    ]);
    expect(decided.map((e) => e.type)).toEqual(['OutboundEndpointFailing', 'OutboundEndpointDisabled']);
    expect(decided[1]).toMatchObject({
      data: { automatic: true, notify: { id: 'u-1', email: 'owner@example.com' } },
    });
    expect(state).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('5 days') });
  });

  it('starts counting again after one success', () => {
    const { state, decided } = outcomes([
      [0, false],
      [4 * DAY, true],
      [4 * DAY + 1, false],
      [6 * DAY, false],
    ]);
    expect(decided.map((e) => e.type)).toEqual([
      'OutboundEndpointFailing',
      'OutboundEndpointRecovered',
      'OutboundEndpointFailing',
    ]);
    expect(state).toMatchObject({ status: 'active', failingSince: at(4 * DAY + 1) });
  });

  it('records nothing while healthy', () => {
    expect(
      outcomes([
        [0, true],
        [DAY, true],
      ]).decided,
    ).toEqual([]);
  });
});

describe('the retry schedule', () => {
  const t0 = new Date(start);
  it("follows Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then none", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => nextAttemptAt(n, t0)?.getTime());
    expect(waits.map((w) => (w === undefined ? undefined : (w - start) / 1000))).toEqual([
      5,
      300,
      1800,
      7200,
      18_000,
      36_000,
      36_000,
      undefined,
    ]);
  });

  it('honours Retry-After within bounds, and scales for tests', () => {
    expect(nextAttemptAt(2, t0, { retryAfterMs: 90_000 })!.getTime() - start).toBe(90_000);
    expect(nextAttemptAt(2, t0, { retryAfterMs: 0 })!.getTime() - start).toBe(5_000);
    expect(nextAttemptAt(2, t0, { retryAfterMs: 30 * DAY })!.getTime() - start).toBe(DAY);
    expect(nextAttemptAt(3, t0, { scale: 0.001 })!.getTime() - start).toBe(1800);
  });

  it('fails a delivery whose last scheduled attempt fails, and keeps the schedule on a manual retry', () => {
    let state: OutboundDeliveryState = outboundDeliveryDecider.evolve(outboundDeliveryDecider.initialState, {
      type: 'OutboundDeliveryCreated',
      data: {
        deliveryId: 'E1_V1',
        endpointId: 'E1',
        eventId: 'V1',
        eventType: 'CustomerRegistered',
        occurredAt: at(0),
        data: {},
      },
    });
    const apply = (events: OutboundDeliveryEvent[]) => {
      state = events.reduce(outboundDeliveryDecider.evolve, state);
      return events;
    };
    const fail = (ms: number, manual = false) =>
      apply(
        outboundDeliveryDecider.decide(
          {
            type: 'RecordAttempt',
            at: at(ms),
            ok: false,
            latencyMs: 3,
            statusCode: 500,
            ...(manual ? { manual } : {}),
          },
          state,
        ),
      );
    fail(0);
    const due = state.exists ? state.nextAttemptAt : undefined;
    expect(due).toBe(at(5_000));
    fail(1_000, true);
    expect(state).toMatchObject({ nextAttemptAt: due, scheduled: 1 });
    for (let n = 2; n < MAX_ATTEMPTS; n++)
      expect(fail(n * 1000).map((e) => e.type)).toEqual(['OutboundDeliveryAttempted']);
    expect(fail(99_000).map((e) => e.type)).toEqual(['OutboundDeliveryAttempted', 'OutboundDeliveryFailed']);
    expect(state).toMatchObject({ status: 'failed' });
    expect(state.exists && state.attempts).toHaveLength(MAX_ATTEMPTS + 1);
  });
});

describe('subscriptions', () => {
  it('match by type and exact top-level filters, only while active', () => {
    const endpoint = { eventTypes: ['OrderPlaced'], filters: { modelId: 'M1' }, status: 'active' as const };
    expect(endpointWants(endpoint, { type: 'OrderPlaced', data: { modelId: 'M1' } })).toBe(true);
    expect(endpointWants(endpoint, { type: 'OrderPlaced', data: { modelId: 'M2' } })).toBe(false);
    expect(endpointWants(endpoint, { type: 'QuoteSent', data: { modelId: 'M1' } })).toBe(false);
    expect(
      endpointWants({ ...endpoint, status: 'disabled' }, { type: 'OrderPlaced', data: { modelId: 'M1' } }),
    ).toBe(false);
  });

  it("never offer the outbound webhooks' own events, which would loop", () => {
    const types = subscribableEventTypes().map((t) => t.type);
    expect(types).toContain('CustomerRegistered');
    expect(types).not.toContain('OutboundDeliveryAttempted');
    expect(types).not.toContain('CredentialDecrypted');
  });
});
