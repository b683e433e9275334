import { Checkbox, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { commands } from '../../api/commands';
import type { ChangeCustomerBody, Customer } from '../../api/types';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { contactChanges, PhoneKeptNote } from '../../components/ContactChanges';
import { useFormCommand } from '../../lib/useCommand';

interface CustomerValues {
  name: string;
  email: string;
  phone: string;
  marketingConsent: boolean;
}

const required = (label: string) => (value: string) => (value.trim() ? null : `Enter ${label}`);

const CustomerFields = ({ form }: { form: UseFormReturnType<CustomerValues> }) => (
  <>
    <TextInput label="Name" required autoComplete="off" data-autofocus {...form.getInputProps('name')} />
    <TextInput label="Email" type="email" required autoComplete="off" {...form.getInputProps('email')} />
    <TextInput
      label="Phone"
      type="tel"
      autoComplete="off"
      description="Optional, 7-20 digits"
      {...form.getInputProps('phone')}
    />
    <Checkbox
      label="Agrees to receive marketing email"
      {...form.getInputProps('marketingConsent', { type: 'checkbox' })}
    />
  </>
);

export const RegisterCustomerForm = ({
  onDone,
  onCancel,
}: {
  onDone: (customer: Customer) => void;
  onCancel: () => void;
}) => {
  const form = useForm<CustomerValues>({
    mode: 'controlled',
    initialValues: { name: '', email: '', phone: '', marketingConsent: false },
    validate: { name: required('a name'), email: required('an email address') },
  });
  const command = useFormCommand(form, {
    resource: 'customers',
    send: (values, key) =>
      commands.registerCustomer(
        {
          name: values.name.trim(),
          email: values.email.trim(),
          ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
          marketingConsent: values.marketingConsent,
        },
        key,
      ),
    success: (customer) => `${customer.name} is registered`,
    onSuccess: onDone,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Register customer"
      command={command}
    >
      <CustomerFields form={form} />
    </CommandForm>
  );
};

/** Sends only what changed, so the history says exactly what was edited. */
export const EditCustomerForm = ({ customer, modal }: { customer: Customer; modal: RecordModal }) => {
  const form = useForm<CustomerValues>({
    mode: 'controlled',
    initialValues: {
      name: customer.name,
      email: customer.email,
      phone: customer.phone ?? '',
      marketingConsent: customer.marketingConsent,
    },
    validate: { name: required('a name'), email: required('an email address') },
  });
  const changes = (values: CustomerValues): ChangeCustomerBody => {
    const body: ChangeCustomerBody = contactChanges(values, customer);
    if (values.marketingConsent !== customer.marketingConsent)
      body.marketingConsent = values.marketingConsent;
    return body;
  };
  const command = useFormCommand(form, {
    resource: 'customers',
    send: (values) =>
      commands.changeCustomer(customer.id, modal.version ?? customer.version, changes(values)),
    success: (updated) => `${updated.name}'s details are saved`,
    onSuccess: modal.close,
  });
  const nothingChanged = Object.keys(changes(form.values)).length === 0;
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) =>
        nothingChanged ? modal.close() : command.submit(values, modal.version),
      )}
      onCancel={modal.close}
      submitLabel="Save changes"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <CustomerFields form={form} />
      <PhoneKeptNote record={customer} />
    </CommandForm>
  );
};
