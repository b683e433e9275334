import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as customersApi from '../../../../functions/api/customers/contract.ts';
import * as api from '../../../../functions/api/leads/contract.ts';
import { type Api, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, viewer] = await Promise.all([signedIn(cloud, 'manager'), signedIn(cloud, 'viewer')]);
});
afterAll(() => cloud?.stop());

const capture = (channel = 'referral', extra: Record<string, unknown> = {}) =>
  manager
    .post('/api/leads', {
      name: 'Grace Hopper',
      email: 'Grace@Example.com',
      channel,
      marketingConsent: true,
      ...extra,
    })
    .then(created);

describe('leads through the API', () => {
  it('captures, contacts, qualifies and converts a lead into a customer with its details and consent', async () => {
    const lead = await capture('referral', { note: 'Referred by Ada' });
    conforms(api.captureLead, lead);
    expect(lead).toMatchObject({
      status: 'new',
      email: 'grace@example.com',
      channel: 'referral',
      version: 1,
    });
    const contacted = created(
      await manager.post(`/api/leads/${lead.id}/contacts`, { method: 'phone', summary: 'Intro call' }),
      200,
    );
    expect(contacted).toMatchObject({
      status: 'contacted',
      contacts: [{ method: 'phone', summary: 'Intro call' }],
    });
    const qualified = created(
      await manager.post(
        `/api/leads/${lead.id}/qualify`,
        { timeline: '3_months', budgetCents: 9_000_000 },
        ifMatch(contacted),
      ),
      200,
    );
    const converted = created(await manager.post(`/api/leads/${lead.id}/convert`, {}, ifMatch(qualified)));
    conforms(api.convertLead, converted);
    const { lead: closed, customer } = converted as {
      lead: Record<string, unknown>;
      customer: Record<string, unknown>;
    };
    expect(closed).toMatchObject({ status: 'converted', customerId: customer.id });
    expect(customer).toMatchObject({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      marketingConsent: true,
    });

    const again = await manager.post(`/api/leads/${lead.id}/convert`, {}, ifMatch(closed));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'https://firefly.example/problems/invalid-status' });

    const history = await manager.get(`/api/leads/${lead.id}/events`);
    expect(history.body.items?.map((e) => e.type)).toEqual([
      'LeadCaptured',
      'LeadContacted',
      'LeadQualified',
      'LeadConverted',
    ]);

    const visited = created(
      await manager.post(`/api/customers/${customer.id}/contacts`, {
        method: 'visit',
        summary: 'Yard tour',
        direction: 'inbound',
      }),
      200,
    );
    conforms(customersApi.logCustomerContact, visited);
    expect(visited.contacts).toEqual([expect.objectContaining({ method: 'visit', direction: 'inbound' })]);
  });

  it('closes a lead with the call that ends it, and refuses conversion of an unqualified lead', async () => {
    const lead = await capture('paid_social');
    const closed = created(
      await manager.post(`/api/leads/${lead.id}/contacts`, {
        method: 'email',
        summary: 'No land',
        disqualify: 'no_land',
      }),
      200,
    );
    expect(closed).toMatchObject({ status: 'disqualified', disqualifyReason: 'no_land' });
    const other = await capture('search');
    const refused = await manager.post(`/api/leads/${other.id}/convert`, {}, ifMatch(other));
    expect(refused.status).toBe(409);
    expect((await manager.get(`/api/leads/${other.id}/events`)).body.items).toHaveLength(1);
  });

  it('answers bad input with problems and guards writes by permission', async () => {
    const bad = await manager.post('/api/leads', {
      name: '',
      email: 'not-an-email',
      channel: 'carrier-pigeon',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'body.channel',
      'body.email',
      'body.name',
    ]);
    const badDate = await manager.post('/api/leads', {
      name: 'X',
      email: 'x@example.com',
      channel: 'show',
      on: '2026-02-30',
    });
    expect(badDate.status).toBe(400);
    expect(
      (await viewer.post('/api/leads', { name: 'V', email: 'v@example.com', channel: 'show' })).status,
    ).toBe(403);
    expect((await viewer.get('/api/leads')).status).toBe(200);
    expect((await manager.get('/api/leads/01NOSUCHLEAD0000000000000000')).status).toBe(404);
    const lead = await capture();
    expect((await manager.post(`/api/leads/${lead.id}/qualify`, { timeline: 'now' })).status).toBe(428);
  });

  it('lists leads by channel and status once projected', async () => {
    const lead = await capture('show');
    await cloud.settle();
    const shows = await viewer.get('/api/leads?channel=show&limit=100');
    conforms(api.listLeads, shows.body);
    expect(shows.body.items?.map((l) => l.id)).toContain(lead.id);
    expect(shows.body.items?.every((l) => l.channel === 'show')).toBe(true);
    const converted = await viewer.get('/api/leads?status=converted&limit=100');
    expect(converted.body.items?.every((l) => l.status === 'converted')).toBe(true);
  });
});
