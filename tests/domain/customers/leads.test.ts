import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { type LeadCommand, type LeadStatus, leadDecider } from '../../../domain/customers/leads.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const capture: LeadCommand = {
  type: 'CaptureLead',
  leadId: 'l1',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  channel: 'referral',
  marketingConsent: true,
  on: '2026-03-02',
};

describe('leads', () => {
  it('moves through the funnel: contacted, qualified, converted', () => {
    const lead = settled(leadDecider, [
      capture,
      { type: 'LogLeadContact', method: 'phone', summary: 'Intro call', on: '2026-03-03' },
      { type: 'QualifyLead', timeline: '3_months', budgetCents: 9_000_000, on: '2026-03-08' },
      { type: 'ConvertLead', customerId: 'c1', on: '2026-03-20' },
    ]);
    expect(lead).toMatchObject({
      status: 'converted',
      customerId: 'c1',
      qualifiedOn: '2026-03-08',
      closedOn: '2026-03-20',
      contacts: [{ method: 'phone', summary: 'Intro call', on: '2026-03-03' }],
    });
  });

  it('closes a lead in the same step as the call that ends it', () => {
    const { events, state } = replay(leadDecider, [
      capture,
      {
        type: 'LogLeadContact',
        method: 'email',
        summary: 'No land yet',
        on: '2026-03-04',
        disqualify: 'no_land',
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadContacted', 'LeadDisqualified']);
    expect(state).toMatchObject({ status: 'disqualified', disqualifyReason: 'no_land' });
  });

  it('qualifies a lead with the call that establishes budget and timeline, but not twice', () => {
    const { events, state, refused } = replay(leadDecider, [
      capture,
      {
        type: 'LogLeadContact',
        method: 'meeting',
        summary: 'Yard tour',
        on: '2026-03-04',
        qualify: { timeline: 'now', budgetCents: 8_000_000 },
      },
      {
        type: 'LogLeadContact',
        method: 'phone',
        summary: 'Again',
        on: '2026-03-05',
        qualify: { timeline: 'now' },
      },
      {
        type: 'LogLeadContact',
        method: 'phone',
        summary: 'Both',
        on: '2026-03-05',
        qualify: { timeline: 'now' },
        disqualify: 'zoning',
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadContacted', 'LeadQualified']);
    expect(refused).toEqual(['invalid-status', 'conflicting-outcome']);
    expect(state).toMatchObject({ status: 'qualified', budgetCents: 8_000_000, qualifiedOn: '2026-03-04' });
  });

  it('converts only qualified leads, and never a closed one', () => {
    expect(
      replay(leadDecider, [capture, { type: 'ConvertLead', customerId: 'c', on: '2026-03-03' }]).refused,
    ).toEqual(['invalid-status']);
    const closed = replay(leadDecider, [
      capture,
      { type: 'DisqualifyLead', reason: 'no_budget', on: '2026-03-03' },
      { type: 'QualifyLead', timeline: 'now', on: '2026-03-04' },
      { type: 'LogLeadContact', method: 'phone', summary: 'x', on: '2026-03-05' },
    ]);
    expect(closed.refused).toEqual(['invalid-status', 'invalid-status']);
  });

  it('records consent changes only when consent changes', () => {
    const { events } = replay(leadDecider, [
      capture,
      { type: 'SetLeadConsent', marketingConsent: true },
      { type: 'SetLeadConsent', marketingConsent: false },
    ]);
    expect(events.map((e) => e.type)).toEqual(['LeadCaptured', 'LeadConsentChanged']);
  });

  it('keeps customers’ contact history', () => {
    const customer = settled(customerDecider, [
      {
        type: 'RegisterCustomer',
        customerId: 'c1',
        name: 'Ada',
        email: 'ada@example.com',
        marketingConsent: true,
      },
      {
        type: 'LogCustomerContact',
        method: 'visit',
        direction: 'inbound',
        summary: 'Yard tour',
        on: '2026-04-01',
      },
    ]);
    expect(customer).toMatchObject({ contacts: [{ method: 'visit', summary: 'Yard tour' }] });
  });

  const command: fc.Arbitrary<LeadCommand> = fc.oneof(
    fc.constant(capture),
    fc.constant<LeadCommand>({ type: 'LogLeadContact', method: 'phone', summary: 's', on: '2026-03-05' }),
    fc.constant<LeadCommand>({
      type: 'LogLeadContact',
      method: 'sms',
      summary: 's',
      on: '2026-03-05',
      disqualify: 'zoning',
    }),
    fc.constant<LeadCommand>({ type: 'QualifyLead', timeline: 'now', on: '2026-03-06' }),
    fc.constant<LeadCommand>({ type: 'DisqualifyLead', reason: 'duplicate', on: '2026-03-07' }),
    fc.constant<LeadCommand>({ type: 'ConvertLead', customerId: 'c9', on: '2026-03-08' }),
    fc.boolean().map<LeadCommand>((marketingConsent) => ({ type: 'SetLeadConsent', marketingConsent })),
  );

  it('never leaves a closed state and only converts after qualifying, whatever the commands', () => {
    const rank: Record<LeadStatus, number> = {
      new: 0,
      contacted: 1,
      qualified: 2,
      disqualified: 3,
      converted: 3,
    };
    fc.assert(
      fc.property(fc.array(command, { maxLength: 25 }), (commands) => {
        const { events, state } = replay(leadDecider, commands);
        let status: LeadStatus | undefined;
        let current = leadDecider.initialState;
        for (const event of events) {
          current = leadDecider.evolve(current, event);
          if (!current.exists) continue;
          if (status && event.type !== 'LeadConsentChanged') {
            expect(rank[current.status]).toBeGreaterThanOrEqual(rank[status]);
            expect(status === 'disqualified' || status === 'converted').toBe(false);
          }
          if (current.status === 'converted') expect(current.qualifiedOn).toBeDefined();
          status = current.status;
        }
        expect(evolveAll(leadDecider, events)).toEqual(state);
      }),
    );
  });
});
