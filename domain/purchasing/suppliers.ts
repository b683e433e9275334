import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

export type SupplierState =
  | { exists: false }
  | {
      exists: true;
      supplierId: string;
      name: string;
      email: string;
      phone?: string;
      leadTimeDays: number;
      paymentTermsDays: number;
    };

interface SupplierDetails {
  name: string;
  email: string;
  phone?: string;
  leadTimeDays: number;
  paymentTermsDays: number;
}

export type SupplierCommand =
  | ({ type: 'RegisterSupplier'; supplierId: string } & SupplierDetails)
  | ({ type: 'ChangeSupplierDetails' } & Partial<SupplierDetails>);

export type SupplierEvent = Event<'SupplierRegistered' | 'SupplierDetailsChanged'>;

const decide = (command: SupplierCommand, state: SupplierState): SupplierEvent[] => {
  switch (command.type) {
    case 'RegisterSupplier': {
      if (state.exists)
        return reject('supplier-exists', `Supplier ${command.supplierId} already exists`, 409);
      const { type: _, ...data } = command;
      return [{ type: 'SupplierRegistered', data }];
    }
    case 'ChangeSupplierDetails': {
      if (!state.exists) return reject('supplier-not-found', 'No such supplier', 404);
      const { type: _, ...changes } = command;
      const changed = Object.fromEntries(
        Object.entries(changes).filter(
          ([key, value]) => value !== undefined && state[key as keyof typeof state] !== value,
        ),
      );
      if (Object.keys(changed).length === 0) return [];
      return [{ type: 'SupplierDetailsChanged', data: { supplierId: state.supplierId, ...changed } }];
    }
  }
};

const evolve = (state: SupplierState, event: SupplierEvent): SupplierState => {
  switch (event.type) {
    case 'SupplierRegistered':
      return { exists: true, ...event.data };
    case 'SupplierDetailsChanged': {
      if (!state.exists) return state;
      const { supplierId: _, ...changes } = event.data;
      const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return { ...state, ...defined };
    }
  }
};

export const supplierDecider: Decider<SupplierCommand, SupplierState, SupplierEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

/** What can be done to a supplier, named as the API's supplier commands. */
export const SUPPLIER_ACTIONS = ['change-details'] as const;
export type SupplierAction = (typeof SUPPLIER_ACTIONS)[number];

const supplierProbes: Probes<SupplierCommand, SupplierState, SupplierAction> = {
  'change-details': () => ({ type: 'ChangeSupplierDetails' }),
};

/** The supplier commands its decider would accept now (before the caller's permissions are considered). */
export const availableSupplierActions = availableBy(supplierDecider, SUPPLIER_ACTIONS, supplierProbes);
