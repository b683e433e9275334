import { describe, expect, it } from 'vitest';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { streamId } from '../../../events/envelope.ts';
import { MemoryEventStore } from '../../../functions/adapters/memory-event-store.ts';
import { execute } from '../../../functions/application/command.ts';
import {
  type CommitMeta,
  ConcurrencyError,
  type EventStore,
} from '../../../functions/application/event-store-port.ts';
import { StaleVersionError } from '../../../functions/errors.ts';

const meta: CommitMeta = { actor: { id: 'tester', role: 'owner' }, correlationId: 'corr' };
const stream = streamId('customer', 'c1');

/** A store where another writer changes the stream between this writer's load and its first append. */
const racedOnce = (inner: MemoryEventStore): EventStore => {
  let raced = false;
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key !== 'append') return Reflect.get(target, key, receiver);
      return async (...args: Parameters<EventStore['append']>) => {
        if (!raced) {
          raced = true;
          await execute(
            customerDecider,
            stream,
            { type: 'ChangeCustomerDetails', phone: '555-0100' },
            meta,
            target,
          );
        }
        return target.append(...args);
      };
    },
  });
};

const registered = async () => {
  const store = new MemoryEventStore();
  await execute(
    customerDecider,
    stream,
    {
      type: 'RegisterCustomer',
      customerId: 'c1',
      name: 'Ada',
      email: 'ada@example.com',
      marketingConsent: true,
    },
    meta,
    store,
  );
  return store;
};

describe('execute under a concurrent change', () => {
  it('decides a command without a caller version again on the new state, and both changes land', async () => {
    const store = await registered();
    const result = await execute(
      customerDecider,
      stream,
      { type: 'ChangeCustomerDetails', name: 'Ada Lovelace' },
      meta,
      racedOnce(store),
    );
    expect(result.version).toBe(3);
    const types = (await store.readStream(stream)).flatMap((c) => c.events.map((e) => e.type));
    expect(types).toEqual(['CustomerRegistered', 'CustomerDetailsChanged', 'CustomerDetailsChanged']);
  });

  it("keeps a caller's version: a stale one is refused, and a race after the check is not retried", async () => {
    const store = await registered();
    await expect(
      execute(
        customerDecider,
        stream,
        { type: 'ChangeCustomerDetails', name: 'X' },
        { ...meta, expectedVersion: 0 },
        store,
      ),
    ).rejects.toBeInstanceOf(StaleVersionError);
    await expect(
      execute(
        customerDecider,
        stream,
        { type: 'ChangeCustomerDetails', name: 'X' },
        { ...meta, expectedVersion: 1 },
        racedOnce(store),
      ),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });
});
