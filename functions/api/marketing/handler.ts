import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const campaigns = recordsOf(aggregates.campaign, api.campaignActionRoutes);

export const handler = httpHandler('marketing', [
  implement(api.listCampaigns, ({ query, actor }) => campaigns.list(actor, query)),
  implement(api.launchCampaign, (request) => {
    const campaignId = ulid();
    return campaigns.command(request, campaignId, {
      type: 'LaunchCampaign',
      campaignId,
      ...request.body,
    });
  }),
  implement(api.getCampaign, ({ params, actor }) => campaigns.read(actor, params.id)),
  implement(api.campaignEvents, ({ params }) => campaigns.history(params.id)),
  implement(api.changeCampaignBudget, (request) =>
    campaigns.command(request, request.params.id, {
      type: 'ChangeCampaignBudget',
      ...request.body,
    }),
  ),
  implement(api.recordSpend, async (request) => {
    const { on, ...spend } = request.body;
    const result = await campaigns.command(request, request.params.id, {
      type: 'RecordCampaignSpend',
      ...spend,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.endCampaign, (request) =>
    campaigns.command(request, request.params.id, {
      type: 'EndCampaign',
      on: request.body.on ?? today(),
    }),
  ),
]);
