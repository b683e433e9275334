import { ulid } from 'ulid';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { listRows } from '../../adapters/views.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { today } from '../../http/requests.ts';
import { command, history, readRecord, rowDto } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('customers', [
  implement(api.listCustomers, async ({ query }) => {
    const page = await listRows('customers', query);
    return { body: { items: page.items.map(rowDto), nextCursor: page.nextCursor } };
  }),
  implement(api.registerCustomer, (request) => {
    const customerId = ulid();
    return command(request, customerDecider, 'customer', customerId, {
      type: 'RegisterCustomer',
      customerId,
      ...request.body,
    });
  }),
  implement(api.getCustomer, ({ params }) => readRecord(customerDecider, 'customer', params.id, 'Customer')),
  implement(api.changeCustomer, (request) =>
    command(request, customerDecider, 'customer', request.params.id, {
      type: 'ChangeCustomerDetails',
      ...request.body,
    }),
  ),
  implement(api.customerEvents, ({ params }) => history('customer', params.id, 'Customer')),
  implement(api.logCustomerContact, (request) => {
    const { on, ...contact } = request.body;
    return command(request, customerDecider, 'customer', request.params.id, {
      type: 'LogCustomerContact',
      ...contact,
      on: on ?? today(),
    });
  }),
]);
