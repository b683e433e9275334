import { ulid } from 'ulid';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { leadDecider } from '../../../domain/customers/leads.ts';
import { convertLead } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { listPage, storeFor, today } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('leads', [
  implement(api.listLeads, ({ query }) => listPage('leads', query, ['status', 'channel', 'campaignId'])),
  implement(api.captureLead, (request) => {
    const leadId = ulid();
    const { on, ...lead } = request.body;
    return command(request, leadDecider, 'lead', leadId, {
      type: 'CaptureLead',
      leadId,
      ...lead,
      on: on ?? today(),
    });
  }),
  implement(api.getLead, ({ params }) => readRecord(leadDecider, 'lead', params.id, 'Lead')),
  implement(api.leadEvents, ({ params }) => history('lead', params.id, 'Lead')),
  implement(api.logLeadContact, (request) => {
    const { on, ...contact } = request.body;
    return command(request, leadDecider, 'lead', request.params.id, {
      type: 'LogLeadContact',
      ...contact,
      on: on ?? today(),
    });
  }),
  implement(api.qualifyLead, (request) => {
    const { on, ...qualification } = request.body;
    return command(request, leadDecider, 'lead', request.params.id, {
      type: 'QualifyLead',
      ...qualification,
      on: on ?? today(),
    });
  }),
  implement(api.disqualifyLead, (request) => {
    const { on, ...disqualification } = request.body;
    return command(request, leadDecider, 'lead', request.params.id, {
      type: 'DisqualifyLead',
      ...disqualification,
      on: on ?? today(),
    });
  }),
  implement(api.convertLead, async (request) => {
    const customerId = ulid();
    const { id } = request.params;
    await convertLead(storeFor(request), {
      leadId: id,
      customerId,
      on: request.body.on ?? today(),
      expectedVersion: request.ifMatch,
    });
    const [lead, customer] = await Promise.all([
      readRecord(leadDecider, 'lead', id, 'Lead'),
      readRecord(customerDecider, 'customer', customerId, 'Customer'),
    ]);
    return { status: 201, body: { lead: lead.body, customer: customer.body }, version: lead.version };
  }),
  implement(api.setLeadConsent, (request) =>
    command(request, leadDecider, 'lead', request.params.id, { type: 'SetLeadConsent', ...request.body }),
  ),
]);
