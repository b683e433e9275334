import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../../../functions/api/marketing/contract.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../../../support/cloud.ts';
import { conforms, created, ifMatch } from '../fixtures.ts';

let cloud: TestCloud;
let manager: Api;
let viewer: Api;

beforeAll(async () => {
  cloud = await startTestCloud();
  [manager, viewer] = await Promise.all([signedIn(cloud, 'manager'), signedIn(cloud, 'viewer')]);
});
afterAll(() => cloud?.stop());

const launch = () =>
  manager
    .post('/api/campaigns', {
      name: 'Search ads Q2',
      channel: 'search',
      budgetCents: 1_000_000,
      startsOn: '2026-04-01',
      endsOn: '2026-06-30',
    })
    .then(created);

describe('marketing through the API', () => {
  it('records spend within the budget, by month, and ends', async () => {
    const campaign = await launch();
    conforms(api.launchCampaign, campaign);
    const spent = created(
      await manager.post(`/api/campaigns/${campaign.id}/spend`, {
        amountCents: 600_000,
        on: '2026-04-06',
        note: 'Week 1',
      }),
    );
    expect(spent).toMatchObject({ spentCents: 600_000, spendByMonth: { '2026-04': 600_000 } });
    const over = await manager.post(`/api/campaigns/${campaign.id}/spend`, {
      amountCents: 400_001,
      on: '2026-04-13',
    });
    expect(over.body).toMatchObject({ status: 409, type: 'https://firefly.example/problems/over-budget' });
    const below = await manager.post(
      `/api/campaigns/${campaign.id}/budget`,
      { budgetCents: 500_000 },
      ifMatch(spent),
    );
    expect(below.body).toMatchObject({ type: 'https://firefly.example/problems/budget-below-spend' });
    const raised = created(
      await manager.post(`/api/campaigns/${campaign.id}/budget`, { budgetCents: 1_500_000 }, ifMatch(spent)),
      200,
    );
    const ended = created(
      await manager.post(`/api/campaigns/${campaign.id}/end`, { on: '2026-06-30' }, ifMatch(raised)),
      200,
    );
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2026-06-30', budgetCents: 1_500_000 });
    expect((await manager.post(`/api/campaigns/${campaign.id}/spend`, { amountCents: 1 })).status).toBe(409);
  });

  it('attributes leads to a campaign and reports its returns', async () => {
    const campaign = await launch();
    await manager.post(`/api/campaigns/${campaign.id}/spend`, { amountCents: 200_000 });
    const leads = await Promise.all(
      ['a', 'b'].map((n) =>
        manager
          .post('/api/leads', {
            name: `Lead ${n}`,
            email: `${n}@example.com`,
            channel: 'search',
            campaignId: campaign.id,
          })
          .then(created),
      ),
    );
    await cloud.settle();
    const attributed = await viewer.get(`/api/leads?campaignId=${campaign.id}`);
    expect(attributed.body.items?.map((l) => l.id).sort()).toEqual(leads.map((l: Json) => l.id).sort());
    const returns = await viewer.get('/api/reports/campaigns');
    expect(returns.body.items?.find((c) => c.campaignId === campaign.id)).toMatchObject({
      leads: 2,
      spentCents: 200_000,
      costPerLeadCents: 100_000,
      converted: 0,
    });
    const listed = await viewer.get('/api/campaigns?channel=search&status=active');
    conforms(api.listCampaigns, listed.body);
    expect(listed.body.items?.map((c) => c.id)).toContain(campaign.id);
    expect(
      (
        await viewer.post('/api/campaigns', {
          name: 'x',
          channel: 'show',
          budgetCents: 1,
          startsOn: '2026-01-01',
          endsOn: '2026-01-02',
        })
      ).status,
    ).toBe(403);
    const backwards = await manager.post('/api/campaigns', {
      name: 'x',
      channel: 'show',
      budgetCents: 1,
      startsOn: '2026-02-01',
      endsOn: '2026-01-02',
    });
    expect(backwards.body).toMatchObject({
      status: 422,
      type: 'https://firefly.example/problems/invalid-dates',
    });
  });
});
