import { describe, expect, it } from 'vitest';
import {
  currentVersion,
  eventCatalog,
  sourceOf,
  UnknownEventError,
  upcast,
  validateNew,
} from '../../events/catalog.ts';
import type { Envelope } from '../../events/envelope.ts';

const envelope = (type: string, version: number, data: Record<string, unknown>): Envelope => ({
  id: '01J0000000000000000000000',
  type,
  version,
  streamId: 'customer-1',
  streamVersion: 1,
  occurredAt: '2025-01-01T00:00:00.000Z',
  actor: { id: 'u', role: 'owner' },
  correlationId: 'c',
  causationId: 'c',
  data,
});

describe('event catalog', () => {
  it('upcasts old versions to the current shape on read', () => {
    const v1 = envelope('CustomerRegistered', 1, { customerId: 'c1', name: 'Ada', email: 'a@x.com' });
    const read = upcast(v1);
    expect(read.version).toBe(currentVersion('CustomerRegistered'));
    expect(read.data).toMatchObject({ customerId: 'c1', marketingConsent: false });
  });

  it('rejects unknown types and versions, and data that breaks its schema', () => {
    expect(() => upcast(envelope('Nope', 1, {}))).toThrow(UnknownEventError);
    expect(() => upcast(envelope('OrderPlaced', 9, {}))).toThrow(UnknownEventError);
    expect(() => validateNew({ type: 'DepositPaid', data: { orderId: 'o', amountCents: -1 } })).toThrow();
  });

  it('names a bus source for every event type', () => {
    for (const type of eventCatalog.keys()) expect(sourceOf(type)).toMatch(/^firefly\.[a-z]+$/);
  });
});
