import { Group, NumberInput, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { contactChanges, PhoneKeptNote } from '../../components/ContactChanges';
import { useFormCommand } from '../../lib/useCommand';
import { operationsApi } from './api';
import type { Supplier, SupplierBody } from './types';

interface SupplierValues {
  name: string;
  email: string;
  phone: string;
  leadTimeDays: number | string;
  paymentTermsDays: number | string;
}

const required = (label: string) => (value: string) => (value.trim() ? null : `Enter ${label}`);
const days = (label: string) => (value: number | string) => (value === '' ? `Enter ${label}` : null);

const SupplierFields = ({ form }: { form: UseFormReturnType<SupplierValues> }) => (
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
    <Group grow align="flex-start" wrap="wrap">
      <NumberInput
        label="Lead time (days)"
        required
        min={0}
        max={365}
        allowDecimal={false}
        allowNegative={false}
        description="From order to delivery"
        {...form.getInputProps('leadTimeDays')}
      />
      <NumberInput
        label="Payment terms (days)"
        required
        min={0}
        max={365}
        allowDecimal={false}
        allowNegative={false}
        description="Days to pay an invoice"
        {...form.getInputProps('paymentTermsDays')}
      />
    </Group>
  </>
);

const validate = {
  name: required('a name'),
  email: required('an email address'),
  leadTimeDays: days('a lead time'),
  paymentTermsDays: days('payment terms'),
};

export const RegisterSupplierForm = ({
  onDone,
  onCancel,
}: {
  onDone: (supplier: Supplier) => void;
  onCancel: () => void;
}) => {
  const form = useForm<SupplierValues>({
    mode: 'controlled',
    initialValues: { name: '', email: '', phone: '', leadTimeDays: '', paymentTermsDays: 30 },
    validate,
  });
  const command = useFormCommand(form, {
    resource: 'suppliers',
    send: (values, key) =>
      operationsApi.registerSupplier(
        {
          name: values.name.trim(),
          email: values.email.trim(),
          ...(values.phone.trim() ? { phone: values.phone.trim() } : {}),
          leadTimeDays: Number(values.leadTimeDays),
          paymentTermsDays: Number(values.paymentTermsDays),
        },
        key,
      ),
    success: (supplier) => `${supplier.name} is added`,
    onSuccess: onDone,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Add supplier"
      command={command}
    >
      <SupplierFields form={form} />
    </CommandForm>
  );
};

/** Sends only what changed (PATCH), so the history says exactly what was edited. */
export const EditSupplierForm = ({ supplier, modal }: { supplier: Supplier; modal: RecordModal }) => {
  const form = useForm<SupplierValues>({
    mode: 'controlled',
    initialValues: {
      name: supplier.name,
      email: supplier.email,
      phone: supplier.phone ?? '',
      leadTimeDays: supplier.leadTimeDays,
      paymentTermsDays: supplier.paymentTermsDays,
    },
    validate,
  });
  const changes = (values: SupplierValues): Partial<SupplierBody> => {
    const body: Partial<SupplierBody> = contactChanges(values, supplier);
    if (values.leadTimeDays !== '' && Number(values.leadTimeDays) !== supplier.leadTimeDays)
      body.leadTimeDays = Number(values.leadTimeDays);
    if (values.paymentTermsDays !== '' && Number(values.paymentTermsDays) !== supplier.paymentTermsDays)
      body.paymentTermsDays = Number(values.paymentTermsDays);
    return body;
  };
  const command = useFormCommand(form, {
    resource: 'suppliers',
    send: (values) =>
      operationsApi.changeSupplier(supplier.id, modal.version ?? supplier.version, changes(values)),
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
      <SupplierFields form={form} />
      <PhoneKeptNote record={supplier} />
    </CommandForm>
  );
};
