import { Checkbox, Group, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { commands } from '../../api/commands';
import { useRecord } from '../../api/queries';
import {
  type Customer,
  type Model,
  type Order,
  type OrderStage,
  PAYMENT_METHODS,
  type Page,
  type PaymentMethod,
} from '../../api/types';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { PAYMENT_METHOD_LABELS } from '../../features/sales/labels';
import { money, STAGE_LABELS, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';

/** Customers matching what is typed, asked of the server (the list may be far longer than one page). */
export const useCustomerChoices = (search: string, selectedId: string | null) => {
  const found = useQuery({
    queryKey: ['customers', 'choices', search],
    queryFn: ({ signal }) => api.get<Page<Customer>>('/api/customers', { search, limit: 50 }, signal),
    placeholderData: (previous) => previous,
  });
  // The chosen customer stays a choice even when the current search no longer finds them.
  const selected = useRecord('customers', selectedId ?? '', !!selectedId);
  return useMemo(() => {
    const byId = new Map<string, Customer>();
    if (selected.data) byId.set(selected.data.id, selected.data);
    for (const c of found.data?.items ?? []) byId.set(c.id, c);
    return {
      loading: found.isFetching,
      data: [...byId.values()].map((c) => ({ value: c.id, label: `${c.name} · ${c.email}` })),
    };
  }, [found.data, found.isFetching, selected.data]);
};

export const useOrderableModels = () =>
  useQuery({
    queryKey: ['models', 'orderable'],
    queryFn: async ({ signal }) =>
      (await api.get<Page<Model>>('/api/models', { limit: 100 }, signal)).items.filter((m) => !m.retired),
  });

interface PlaceOrderValues {
  customerId: string | null;
  modelId: string | null;
  optionCodes: string[];
}

/** Place an order: customer, model and options; the price is shown as the API will compute it. */
export const PlaceOrderForm = ({
  customerId,
  onDone,
  onCancel,
}: {
  customerId?: string;
  onDone: (order: Order) => void;
  onCancel: () => void;
}) => {
  const form = useForm<PlaceOrderValues>({
    mode: 'controlled',
    initialValues: { customerId: customerId ?? null, modelId: null, optionCodes: [] },
    validate: {
      customerId: (v) => (v ? null : 'Choose a customer'),
      modelId: (v) => (v ? null : 'Choose a model'),
    },
  });
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const customers = useCustomerChoices(debouncedSearch, form.values.customerId);
  const models = useOrderableModels();
  const model = models.data?.find((m) => m.id === form.values.modelId);
  const chosen = model?.options.filter((o) => form.values.optionCodes.includes(o.code)) ?? [];
  const total = model ? chosen.reduce((sum, o) => sum + o.priceCents, model.basePriceCents) : undefined;

  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      commands.placeOrder(
        {
          customerId: values.customerId ?? '',
          modelId: values.modelId ?? '',
          optionCodes: values.optionCodes,
        },
        key,
      ),
    success: (order) => `Order placed: ${order.modelName} for ${money(order.totalCents)}`,
    onSuccess: onDone,
    problemFields: {
      'customer-not-found': 'customerId',
      'model-not-found': 'modelId',
      'model-retired': 'modelId',
      'unknown-option': 'optionCodes',
      'duplicate-option': 'optionCodes',
    },
  });

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Place order"
      command={command}
    >
      <Select
        label="Customer"
        placeholder="Type a name or email"
        required
        searchable
        // Focus lands here when the dialog opens; a list popping open over the form at once would
        // hide the fields below. It opens on click, typing or the arrow keys.
        openOnFocus={false}
        data-autofocus
        data={customers.data}
        // The server already searched; showing its answer unfiltered avoids hiding email matches.
        filter={({ options }) => options}
        searchValue={search}
        onSearchChange={setSearch}
        nothingFoundMessage={customers.loading ? 'Searching…' : 'No customer matches'}
        {...form.getInputProps('customerId')}
      />
      <Select
        label="Model"
        placeholder={models.isPending ? 'Loading models…' : 'Choose a model'}
        required
        data={(models.data ?? []).map((m) => ({
          value: m.id,
          label: `${m.name} · from ${money(m.basePriceCents)}`,
        }))}
        nothingFoundMessage="No models can be ordered"
        {...form.getInputProps('modelId')}
        onChange={(value) => {
          form.setFieldValue('modelId', value);
          // Options belong to a model; a new model starts with none chosen.
          form.setFieldValue('optionCodes', []);
        }}
      />
      {model && model.options.length > 0 && (
        <Checkbox.Group label="Options" {...form.getInputProps('optionCodes')}>
          <Stack gap={6} mt={6}>
            {model.options.map((o) => (
              <Checkbox key={o.code} value={o.code} label={`${o.name} (+${money(o.priceCents)})`} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      {model && model.options.length === 0 && (
        <Text size="sm" c="dimmed">
          {model.name} has no options.
        </Text>
      )}
      <Paper withBorder p="sm" bg="gray.0" aria-live="polite">
        <Group justify="space-between">
          <Text size="sm">
            {model
              ? `${model.name} ${money(model.basePriceCents)}${chosen.length ? ` + ${chosen.length} option(s)` : ''}`
              : 'Price'}
          </Text>
          <Text fw={700} data-testid="order-total">
            {total === undefined ? '—' : money(total)}
          </Text>
        </Group>
      </Paper>
    </CommandForm>
  );
};

/**
 * After a version conflict: reload, and if the order has meanwhile left the stage this form was for
 * (someone else already did it, or cancelled), close the form and say so instead of offering a retry
 * that would be refused.
 */
const reloadOrder = async (
  modal: RecordModal,
  clearProblem: () => void,
  stillValid: (order: Order) => boolean,
) => {
  const fresh = await modal.reload<Order>();
  clearProblem();
  if (fresh && !stillValid(fresh)) {
    modal.close();
    notifications.show({
      color: 'blue',
      title: 'The order moved on',
      message: `It is now ${STAGE_LABELS[fresh.stage].toLowerCase()}. Nothing was changed by you.`,
    });
  }
};

/** The deposit moves a quote to "deposit paid". */
export const DepositForm = ({ order, modal }: { order: Order; modal: RecordModal }) => {
  const form = useForm<{ amountCents: number | string; reference: string; method: PaymentMethod | null }>({
    mode: 'controlled',
    initialValues: { amountCents: '', reference: '', method: null },
    validate: { amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount received' : null) },
  });
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      commands.payDeposit(
        order.id,
        modal.version ?? order.version,
        {
          amountCents: toCents(values.amountCents),
          ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
          ...(values.method ? { method: values.method } : {}),
        },
        key,
      ),
    success: (updated) => `Deposit of ${money(updated.paidCents)} recorded`,
    onSuccess: modal.close,
    problemFields: { 'deposit-too-large': 'amountCents' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record deposit"
      command={command}
      onReload={() => void reloadOrder(modal, command.clearProblem, (o) => o.stage === 'quote')}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Order total <strong>{money(order.totalCents)}</strong>. The deposit cannot exceed it.
      </Text>
      <MoneyInput label="Amount received" required data-autofocus {...form.getInputProps('amountCents')} />
      <TextInput
        label="Payment reference"
        description="Optional, e.g. the bank transfer id"
        {...form.getInputProps('reference')}
      />
      <Select
        label="Method"
        placeholder="Not recorded"
        clearable
        data={PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))}
        {...form.getInputProps('method')}
      />
    </CommandForm>
  );
};

export type StageStep = 'start-build' | 'complete-build' | 'deliver';

const STEP_TEXT: Record<StageStep, { label: string; confirm: string; done: string; from: OrderStage }> = {
  'start-build': {
    from: 'deposit_paid',
    label: 'Start build',
    confirm: 'Production starts building this home. The order moves to "In build".',
    done: 'Build started',
  },
  'complete-build': {
    from: 'in_build',
    label: 'Complete build',
    confirm: 'The build is finished and the home is ready for delivery. The order moves to "Ready".',
    done: 'Build completed: ready for delivery',
  },
  deliver: {
    from: 'ready',
    label: 'Record delivery',
    confirm: 'The home has been delivered to the customer. The order moves to "Delivered".',
    done: 'Delivery recorded',
  },
};

export const stepLabel = (step: StageStep) => STEP_TEXT[step].label;

/** Start build, complete build, deliver: a confirmation, then the command on the captured version. */
export const StageStepForm = ({
  order,
  modal,
  step,
}: {
  order: Order;
  modal: RecordModal;
  step: StageStep;
}) => {
  const form = useForm({ mode: 'controlled', initialValues: {} });
  const send = {
    'start-build': commands.startBuild,
    'complete-build': commands.completeBuild,
    deliver: commands.deliver,
  }[step];
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (_values, key) => send(order.id, modal.version ?? order.version, key),
    success: () => STEP_TEXT[step].done,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel={STEP_TEXT[step].label}
      command={command}
      onReload={() => void reloadOrder(modal, command.clearProblem, (o) => o.stage === STEP_TEXT[step].from)}
      reloading={modal.reloading}
    >
      <Text size="sm">{STEP_TEXT[step].confirm}</Text>
    </CommandForm>
  );
};

export const CancelForm = ({ order, modal }: { order: Order; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: (v: string) => (v.trim() ? null : 'Say why the order is cancelled') },
  });
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      commands.cancelOrder(order.id, modal.version ?? order.version, values.reason.trim(), key),
    success: () => 'Order cancelled',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Cancel order"
      danger
      command={command}
      onReload={() =>
        void reloadOrder(modal, command.clearProblem, (o) => !['delivered', 'cancelled'].includes(o.stage))
      }
      reloading={modal.reloading}
    >
      <Text size="sm">Cancelling cannot be undone. The reason is kept in the order's history.</Text>
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={500}
        data-autofocus
        {...form.getInputProps('reason')}
      />
    </CommandForm>
  );
};
