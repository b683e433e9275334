import { ulid } from 'ulid';
import { campaignDecider } from '../../../domain/marketing/campaigns.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('marketing', [
  implement(api.listCampaigns, ({ query }) => listPage('campaigns', query, ['channel', 'status'])),
  implement(api.launchCampaign, (request) => {
    const campaignId = ulid();
    return command(request, campaignDecider, 'campaign', campaignId, {
      type: 'LaunchCampaign',
      campaignId,
      ...request.body,
    });
  }),
  implement(api.getCampaign, ({ params }) => readRecord(campaignDecider, 'campaign', params.id, 'Campaign')),
  implement(api.campaignEvents, ({ params }) => history('campaign', params.id, 'Campaign')),
  implement(api.changeCampaignBudget, (request) =>
    command(request, campaignDecider, 'campaign', request.params.id, {
      type: 'ChangeCampaignBudget',
      ...request.body,
    }),
  ),
  implement(api.recordSpend, async (request) => {
    const { on, ...spend } = request.body;
    const result = await command(request, campaignDecider, 'campaign', request.params.id, {
      type: 'RecordCampaignSpend',
      ...spend,
      on: on ?? today(),
    });
    return { status: 201, ...result };
  }),
  implement(api.endCampaign, (request) =>
    command(request, campaignDecider, 'campaign', request.params.id, {
      type: 'EndCampaign',
      on: request.body.on ?? today(),
    }),
  ),
]);
