import { Group, Paper, Select, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { commands } from '../../api/commands';
import { type Order, PAYMENT_METHODS, type PaymentMethod } from '../../api/types';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { offers } from '../../lib/actions';
import { money, STAGE_LABELS, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { PAYMENT_METHOD_LABELS } from '../sales/labels';
import { HOME_CHOICE_PROBLEMS, HomeChoiceFields, type HomeChoiceValues, useHomeChoice } from './HomeChoice';

type PlaceOrderValues = HomeChoiceValues;

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
  const choice = useHomeChoice(form.values);
  const { model, chosen, price: total } = choice;

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
    problemFields: HOME_CHOICE_PROBLEMS,
  });

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Place order"
      command={command}
    >
      <HomeChoiceFields
        choice={choice}
        field={(name) => form.getInputProps(name)}
        unavailable="No models can be ordered"
      />
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
 * After a version conflict: reload, and if the order no longer offers this form's command (someone else
 * already did it, or cancelled), close the form and say so instead of offering a retry that would be
 * refused.
 */
const reloadOrder = async (modal: RecordModal, clearProblem: () => void, action: OrderAction) => {
  const fresh = await modal.reload<Order>();
  clearProblem();
  if (fresh && !offers(fresh, action)) {
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
      onReload={() => void reloadOrder(modal, command.clearProblem, 'pay-deposit')}
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

/** The commands the API names for an order, when it offers them (`order.actions`). */
export type OrderAction = Order['actions'][number];

/** The stage steps after the deposit; which one applies now is the API's to say (`order.actions`). */
export type StageStep = Extract<OrderAction, 'start-build' | 'complete-build' | 'deliver'>;

const STEP_TEXT: Record<StageStep, { label: string; confirm: string; done: string }> = {
  'start-build': {
    label: 'Start build',
    confirm: 'Production starts building this home. The order moves to "In build".',
    done: 'Build started',
  },
  'complete-build': {
    label: 'Complete build',
    confirm: 'The build is finished and the home is ready for delivery. The order moves to "Ready".',
    done: 'Build completed: ready for delivery',
  },
  deliver: {
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
      onReload={() => void reloadOrder(modal, command.clearProblem, step)}
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
      onReload={() => void reloadOrder(modal, command.clearProblem, 'cancel')}
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
