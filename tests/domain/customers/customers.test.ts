import { describe, expect, it } from 'vitest';
import { customerDecider } from '../../../domain/customers/customers.ts';
import { fold } from '../../../domain/shared/decider.ts';

describe('customers', () => {
  const registered = fold(
    customerDecider,
    customerDecider.decide(
      {
        type: 'RegisterCustomer',
        customerId: 'c1',
        name: 'Ada',
        email: 'ada@example.com',
        marketingConsent: false,
      },
      customerDecider.initialState,
    ),
  );

  it('records only the details that change', () => {
    const events = customerDecider.decide(
      { type: 'ChangeCustomerDetails', name: 'Ada', email: 'ada@new.example' },
      registered,
    );
    expect(events).toEqual([
      { type: 'CustomerDetailsChanged', data: { customerId: 'c1', email: 'ada@new.example' } },
    ]);
    expect(customerDecider.decide({ type: 'ChangeCustomerDetails', name: 'Ada' }, registered)).toEqual([]);
  });

  it('refuses changes to a customer that does not exist', () => {
    expect(() =>
      customerDecider.decide({ type: 'ChangeCustomerDetails', name: 'x' }, customerDecider.initialState),
    ).toThrow(/No such customer/);
  });
});
