import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { today } from '../../http/requests.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const customers = recordsOf(aggregates.customer, api.customerActionRoutes);

export const handler = httpHandler('customers', [
  implement(api.listCustomers, ({ query, actor }) => customers.list(actor, query)),
  implement(api.registerCustomer, (request) => {
    const customerId = ulid();
    return customers.command(request, customerId, {
      type: 'RegisterCustomer',
      customerId,
      ...request.body,
    });
  }),
  implement(api.getCustomer, ({ params, actor }) => customers.read(actor, params.id)),
  implement(api.changeCustomer, (request) =>
    customers.command(request, request.params.id, {
      type: 'ChangeCustomerDetails',
      ...request.body,
    }),
  ),
  implement(api.customerEvents, ({ params }) => customers.history(params.id)),
  implement(api.logCustomerContact, (request) => {
    const { on, ...contact } = request.body;
    return customers.command(request, request.params.id, {
      type: 'LogCustomerContact',
      ...contact,
      on: on ?? today(),
    });
  }),
]);
