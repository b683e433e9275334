import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { convertLead } from '../../application/cross-aggregate.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { storeFor, today } from '../../http/requests.ts';
import { customerActionRoutes } from '../customers/contract.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const customers = recordsOf(aggregates.customer, customerActionRoutes);
const leads = recordsOf(aggregates.lead, api.leadActionRoutes);

export const handler = httpHandler('leads', [
  implement(api.listLeads, ({ query, actor }) => leads.list(actor, query)),
  implement(api.captureLead, (request) => {
    const leadId = ulid();
    const { on, ...lead } = request.body;
    return leads.command(request, leadId, {
      type: 'CaptureLead',
      leadId,
      ...lead,
      on: on ?? today(),
    });
  }),
  implement(api.getLead, ({ params, actor }) => leads.read(actor, params.id)),
  implement(api.leadEvents, ({ params }) => leads.history(params.id)),
  implement(api.logLeadContact, (request) => {
    const { on, ...contact } = request.body;
    return leads.command(request, request.params.id, {
      type: 'LogLeadContact',
      ...contact,
      on: on ?? today(),
    });
  }),
  implement(api.qualifyLead, (request) => {
    const { on, ...qualification } = request.body;
    return leads.command(request, request.params.id, {
      type: 'QualifyLead',
      ...qualification,
      on: on ?? today(),
    });
  }),
  implement(api.disqualifyLead, (request) => {
    const { on, ...disqualification } = request.body;
    return leads.command(request, request.params.id, {
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
      leads.read(request.actor, id),
      customers.read(request.actor, customerId),
    ]);
    return { status: 201, body: { lead: lead.body, customer: customer.body }, version: lead.version };
  }),
  implement(api.setLeadConsent, (request) =>
    leads.command(request, request.params.id, { type: 'SetLeadConsent', ...request.body }),
  ),
]);
