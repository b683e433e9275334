import { describe, expect, it } from 'vitest';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { leadDecider } from '../../../domain/customers/leads.ts';
import { DomainError } from '../../../domain/shared/decider.ts';
import { streamId } from '../../../events/envelope.ts';
import { MemoryEventStore } from '../../../functions/adapters/memory-event-store.ts';
import { Store } from '../../../functions/application/command-store.ts';
import { convertLead } from '../../../functions/application/cross-aggregate.ts';
import {
  type CommitMeta,
  ConcurrencyError,
  type NewCommit,
} from '../../../functions/application/event-store-port.ts';

const meta: CommitMeta = { actor: { id: 'tester', role: 'owner' }, correlationId: 'corr' };
const on = '2026-01-05';
const lead = streamId('lead', 'l1');
const customer = streamId('customer', 'c1');

/** A qualified lead, ready to convert. */
const qualifiedLead = async (events: MemoryEventStore) => {
  const store = new Store(events, meta);
  await store.run(leadDecider, lead, {
    type: 'CaptureLead',
    leadId: 'l1',
    name: 'Ada',
    email: 'ada@example.com',
    channel: 'referral',
    marketingConsent: true,
    on,
  });
  await store.run(leadDecider, lead, { type: 'QualifyLead', timeline: '6_months', on });
  return store;
};

describe('cross-aggregate commands through the Store', () => {
  it('write every stream they change in one appendMany', async () => {
    const events = new MemoryEventStore();
    const store = await qualifiedLead(events);
    const calls: NewCommit[][] = [];
    const appendMany = events.appendMany.bind(events);
    events.appendMany = (commits, m) => {
      calls.push([...commits]);
      return appendMany(commits, m);
    };
    const result = await convertLead(store, { leadId: 'l1', customerId: 'c1', on, expectedVersion: 2 });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((c) => c.streamId)).toEqual([customer, lead]);
    expect(result.lead.version).toBe(3);
    expect(result.customer.version).toBe(1);
    expect((await events.readStream(customer)).map((c) => c.events[0]!.type)).toEqual(['CustomerRegistered']);
  });

  it('write nothing when a rule refuses a later step', async () => {
    const events = new MemoryEventStore();
    const store = await qualifiedLead(events);
    // The customer exists already: registering it again is refused after the lead's checks passed.
    await store.run(customerDecider, customer, {
      type: 'RegisterCustomer',
      customerId: 'c1',
      name: 'Someone',
      email: 's@example.com',
      marketingConsent: false,
    });
    const before = events.commits.length;
    await expect(convertLead(store, { leadId: 'l1', customerId: 'c1', on })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(events.commits.length).toBe(before);
    expect((await store.load(leadDecider, lead)).state).toMatchObject({ status: 'qualified' });
  });

  it('run again on fresh state when another writer changes a stream in between', async () => {
    const events = new MemoryEventStore();
    const store = await qualifiedLead(events);
    const appendMany = events.appendMany.bind(events);
    let raced = false;
    events.appendMany = async (commits, m) => {
      if (!raced) {
        raced = true;
        // Someone else logs a contact on the lead just before the conversion lands.
        await new Store(events, meta).run(leadDecider, lead, {
          type: 'LogLeadContact',
          method: 'phone',
          summary: 'Called back',
          on,
        });
      }
      return appendMany(commits, m);
    };
    const result = await convertLead(store, { leadId: 'l1', customerId: 'c1', on });
    expect(result.lead.version).toBe(4);
    expect((await events.readStream(lead)).map((c) => c.events[0]!.type)).toEqual([
      'LeadCaptured',
      'LeadQualified',
      'LeadContacted',
      'LeadConverted',
    ]);
    expect(await events.readStream(customer)).toHaveLength(1);
  });

  it('give a stale caller version back as a ConcurrencyError with the current version', async () => {
    const events = new MemoryEventStore();
    const store = await qualifiedLead(events);
    const error = await store
      .run(leadDecider, lead, { type: 'SetLeadConsent', marketingConsent: false }, 1)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ expectedVersion: 1, currentVersion: 2 });
  });
});
