import type { CONTACT_METHODS } from '../../events/contexts/customers.ts';
import type { Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export type ContactMethod = (typeof CONTACT_METHODS)[number];

/** One touch point with a customer or lead, newest last. */
export interface Contact {
  method: ContactMethod;
  direction?: 'inbound' | 'outbound';
  summary: string;
  on: Day;
}

export type CustomerState =
  | { exists: false }
  | {
      exists: true;
      customerId: string;
      name: string;
      email: string;
      phone?: string;
      marketingConsent: boolean;
      contacts: Contact[];
    };

export type CustomerCommand =
  | {
      type: 'RegisterCustomer';
      customerId: string;
      name: string;
      email: string;
      phone?: string;
      marketingConsent: boolean;
    }
  | {
      type: 'ChangeCustomerDetails';
      name?: string;
      email?: string;
      phone?: string;
      marketingConsent?: boolean;
    }
  | {
      type: 'LogCustomerContact';
      method: ContactMethod;
      direction: 'inbound' | 'outbound';
      summary: string;
      on: Day;
    };

export type CustomerEvent = Event<'CustomerRegistered' | 'CustomerDetailsChanged' | 'CustomerContacted'>;

const decide = (command: CustomerCommand, state: CustomerState): CustomerEvent[] => {
  switch (command.type) {
    case 'RegisterCustomer': {
      if (state.exists)
        return reject('customer-exists', `Customer ${command.customerId} already exists`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'CustomerRegistered', data }];
    }
    case 'ChangeCustomerDetails': {
      if (!state.exists) return reject('customer-not-found', 'No such customer', 404);
      const { type: _, ...changes } = command;
      // Only what actually changes becomes part of the event, so the history reads as real edits.
      const changed = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => value !== undefined && state[key as keyof typeof state] !== value,
        ),
      );
      if (Object.keys(changed).length === 0) return [];
      return [{ type: 'CustomerDetailsChanged', data: { customerId: state.customerId, ...changed } }];
    }
    case 'LogCustomerContact': {
      if (!state.exists) return reject('customer-not-found', 'No such customer', 404);
      const { type: _, ...contact } = command;
      return [{ type: 'CustomerContacted', data: { customerId: state.customerId, ...contact } }];
    }
  }
};

const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case 'CustomerRegistered':
      return { exists: true, ...event.data, contacts: [] };
    case 'CustomerDetailsChanged': {
      if (!state.exists) return state;
      const { customerId: _, ...changes } = event.data;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return { ...state, ...defined };
    }
    case 'CustomerContacted': {
      if (!state.exists) return state;
      const { customerId: _, ...contact } = event.data;
      return { ...state, contacts: [...state.contacts, contact] };
    }
  }
};

export const customerDecider: Decider<CustomerCommand, CustomerState, CustomerEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a customer, named as the API's customer commands. */
export const CUSTOMER_ACTIONS = ['change-details', 'log-contact'] as const;
export type CustomerAction = (typeof CUSTOMER_ACTIONS)[number];

const customerProbes: Probes<CustomerCommand, CustomerState, CustomerAction> = {
  'change-details': () => ({ type: 'ChangeCustomerDetails' }),
  'log-contact': (_, { today }) => ({
    type: 'LogCustomerContact',
    method: 'email',
    direction: 'outbound',
    summary: 'probe',
    on: today,
  }),
};

/** The customer commands its decider would accept now (before the caller's permissions are considered). */
export const availableCustomerActions = availableBy(customerDecider, CUSTOMER_ACTIONS, customerProbes);
