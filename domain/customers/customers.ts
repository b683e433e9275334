import { type Decider, type Event, reject } from '../shared/decider.ts';

export type CustomerState =
  | { exists: false }
  | {
      exists: true;
      customerId: string;
      name: string;
      email: string;
      phone?: string;
      marketingConsent: boolean;
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
    };

export type CustomerEvent = Event<'CustomerRegistered' | 'CustomerDetailsChanged'>;

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
  }
};

const evolve = (state: CustomerState, event: CustomerEvent): CustomerState => {
  switch (event.type) {
    case 'CustomerRegistered':
      return { exists: true, ...event.data };
    case 'CustomerDetailsChanged': {
      if (!state.exists) return state;
      const { customerId: _, ...changes } = event.data;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return { ...state, ...defined };
    }
  }
};

export const customerDecider: Decider<CustomerCommand, CustomerState, CustomerEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};
