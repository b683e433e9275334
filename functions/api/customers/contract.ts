import * as z from 'zod';
import { CUSTOMER_ACTIONS, type CustomerAction } from '../../../domain/customers/customers.ts';
import { CONTACT_METHODS } from '../../../events/contexts/customers.ts';
import { aggregates } from '../../application/aggregates.ts';
import { On, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { actionsOf, Email, EventHistory, Id, IdParams, Meta, Name, PageQuery, page } from '../schemas.ts';

export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{7,20}$/, 'Enter a phone number of 7-20 digits')
  // Described as it is checked after trimming: no spaces at either end.
  .meta({ pattern: '^\\+?[0-9()-][0-9 ()-]{5,18}[0-9()-]$' });

export const Customer = z
  .object({
    id: Id,
    name: z.string(),
    email: z.string(),
    phone: z.string().optional(),
    marketingConsent: z.boolean(),
    contacts: z.array(
      z
        .object({
          method: z.enum(CONTACT_METHODS),
          direction: z.enum(['inbound', 'outbound']).optional(),
          summary: z.string(),
          on: z.string(),
        })
        .meta({ id: 'Contact' }),
    ),
    actions: actionsOf(CUSTOMER_ACTIONS, 'CustomerAction'),
    ...Meta,
  })
  .meta({ id: 'Customer' });

const tag = 'Customers';

export const listCustomers = defineRoute({
  method: 'GET',
  path: '/api/customers',
  permission: aggregates.customer.read,
  summary: 'List customers',
  tag,
  query: PageQuery,
  response: page(Customer, 'CustomerPage'),
});

export const registerCustomer = defineRoute({
  method: 'POST',
  path: '/api/customers',
  permission: 'customers:write',
  summary: 'Register a customer',
  tag,
  status: 201,
  body: z
    .object({
      name: Name,
      email: Email,
      phone: Phone.optional(),
      marketingConsent: z.boolean().default(false),
    })
    .strict()
    .meta({ id: 'RegisterCustomer' }),
  response: Customer,
});

export const getCustomer = defineRoute({
  method: 'GET',
  path: '/api/customers/{id}',
  permission: aggregates.customer.read,
  summary: 'Read a customer',
  tag,
  params: IdParams,
  response: Customer,
});

export const changeCustomer = defineRoute({
  method: 'PATCH',
  path: '/api/customers/{id}',
  permission: 'customers:write',
  summary: "Change a customer's contact details",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({
      name: Name.optional(),
      email: Email.optional(),
      phone: Phone.optional(),
      marketingConsent: z.boolean().optional(),
    })
    .strict()
    .meta({ id: 'ChangeCustomer' }),
  response: Customer,
});

export const customerEvents = defineRoute({
  method: 'GET',
  path: '/api/customers/{id}/events',
  permission: 'events:read',
  summary: "A customer's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const logCustomerContact = defineRoute({
  method: 'POST',
  path: '/api/customers/{id}/contacts',
  permission: 'customers:write',
  summary: 'Record a call, email, meeting or visit with a customer',
  tag,
  params: IdParams,
  body: z
    .object({
      method: z.enum(CONTACT_METHODS),
      direction: z.enum(['inbound', 'outbound']).default('outbound'),
      summary: Text(1000),
      on: On,
    })
    .strict()
    .meta({ id: 'LogCustomerContact' }),
  response: Customer,
});

export const customerRoutes = [
  listCustomers,
  registerCustomer,
  getCustomer,
  changeCustomer,
  customerEvents,
  logCustomerContact,
];

/** The route that performs each customer action; its permission decides who is offered the action. */
export const customerActionRoutes = {
  'change-details': changeCustomer,
  'log-contact': logCustomerContact,
} satisfies Record<CustomerAction, RouteContract>;
