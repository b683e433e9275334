import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Day } from './day.ts';

const CustomerRegisteredV1 = z.object({
  customerId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().optional(),
});

export const CustomerRegistered = defineEvent({
  type: 'CustomerRegistered',
  context: 'customers',
  summary: 'A customer was registered',
  schema: CustomerRegisteredV1.extend({ marketingConsent: z.boolean() }),
  // v1 predates consent tracking: no recorded consent means no consent.
  history: [{ version: 1, schema: CustomerRegisteredV1, upcast: (d) => ({ ...d, marketingConsent: false }) }],
});

export const CustomerDetailsChanged = defineEvent({
  type: 'CustomerDetailsChanged',
  context: 'customers',
  summary: "A customer's contact details changed",
  schema: z.object({
    customerId: z.string(),
    name: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    marketingConsent: z.boolean().optional(),
  }),
});

export const CONTACT_METHODS = ['email', 'phone', 'meeting', 'sms', 'visit'] as const;

export const CustomerContacted = defineEvent({
  type: 'CustomerContacted',
  context: 'customers',
  summary: 'Someone at Firefly was in touch with a customer',
  schema: z.object({
    customerId: z.string(),
    method: z.enum(CONTACT_METHODS),
    direction: z.enum(['inbound', 'outbound']),
    summary: z.string(),
    on: Day,
  }),
});
