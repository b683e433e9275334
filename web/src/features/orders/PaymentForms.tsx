import { Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  type Order,
  PAYMENT_KINDS,
  PAYMENT_METHODS,
  type Payment,
  type PaymentMethod,
} from '../../api/types';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { offers } from '../../lib/actions';
import { money, STAGE_LABELS, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { paymentCommands } from '../sales/api';
import { DayInput, dayOrToday } from '../sales/components';
import { PAYMENT_KIND_LABELS, PAYMENT_METHOD_LABELS } from '../sales/labels';

const methodChoices = PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }));

/** After a version conflict: reload; if the order no longer offers this command, close and say why. */
const reloadPayment = async (
  modal: RecordModal,
  clearProblem: () => void,
  action: Order['actions'][number],
) => {
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

interface PaymentValues {
  amountCents: number | string;
  method: PaymentMethod | null;
  kind: (typeof PAYMENT_KINDS)[number];
  reference: string;
  on: string;
}

/** A progress or final payment; never more than the balance. */
export const RecordPaymentForm = ({ order, modal }: { order: Order; modal: RecordModal }) => {
  const balance = order.balanceDueCents;
  const form = useForm<PaymentValues>({
    mode: 'controlled',
    initialValues: { amountCents: '', method: null, kind: 'progress', reference: '', on: '' },
    validate: {
      amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount received' : null),
      method: (v) => (v ? null : 'Choose how it was paid'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      paymentCommands.recordPayment(
        order.id,
        modal.version ?? order.version,
        {
          amountCents: toCents(values.amountCents),
          method: values.method ?? 'other',
          kind: values.kind,
          ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
          on: dayOrToday(values.on),
        },
        key,
      ),
    success: (updated) => `Payment recorded; ${money(updated.balanceDueCents)} left to pay`,
    onSuccess: modal.close,
    problemFields: { overpayment: 'amountCents' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record payment"
      command={command}
      onReload={() => void reloadPayment(modal, command.clearProblem, 'record-payment')}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Balance due <strong>{money(balance)}</strong>. A payment cannot exceed it.
      </Text>
      <MoneyInput label="Amount" required data-autofocus {...form.getInputProps('amountCents')} />
      <Select label="Method" required data={methodChoices} {...form.getInputProps('method')} />
      <Radio.Group label="Kind" {...form.getInputProps('kind')}>
        <Stack gap={6} mt={6}>
          {PAYMENT_KINDS.map((k) => (
            <Radio key={k} value={k} label={PAYMENT_KIND_LABELS[k]} />
          ))}
        </Stack>
      </Radio.Group>
      <TextInput
        label="Payment reference"
        description="Optional, e.g. the bank transfer id"
        maxLength={100}
        {...form.getInputProps('reference')}
      />
      <DayInput label="Paid on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

interface FailedValues {
  amountCents: number | string;
  method: PaymentMethod | null;
  reason: string;
  on: string;
}

/** A declined card or bounced check: kept in the history, nothing collected. */
export const FailedPaymentForm = ({ order, modal }: { order: Order; modal: RecordModal }) => {
  const form = useForm<FailedValues>({
    mode: 'controlled',
    initialValues: { amountCents: '', method: null, reason: '', on: '' },
    validate: {
      amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount attempted' : null),
      method: (v) => (v ? null : 'Choose how it was attempted'),
      reason: (v) => (v.trim() ? null : 'Say why it failed'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      paymentCommands.recordFailedPayment(
        order.id,
        modal.version ?? order.version,
        {
          amountCents: toCents(values.amountCents),
          method: values.method ?? 'other',
          reason: values.reason.trim(),
          on: dayOrToday(values.on),
        },
        key,
      ),
    success: () => 'Failed payment recorded',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record failed payment"
      command={command}
      onReload={() => void reloadPayment(modal, command.clearProblem, 'record-failed-payment')}
      reloading={modal.reloading}
    >
      <Text size="sm">Nothing was collected; the attempt is kept so the history explains the balance.</Text>
      <MoneyInput label="Amount attempted" required data-autofocus {...form.getInputProps('amountCents')} />
      <Select label="Method" required data={methodChoices} {...form.getInputProps('method')} />
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={500}
        description="e.g. card declined, check bounced"
        {...form.getInputProps('reason')}
      />
      <DayInput label="Attempted on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

interface RefundValues {
  paymentId: string | null;
  amountCents: number | string;
  reason: string;
  on: string;
}

const paymentLabel = (p: Payment) =>
  `${PAYMENT_KIND_LABELS[p.kind]} ${money(p.amountCents)} by ${PAYMENT_METHOD_LABELS[p.method].toLowerCase()}${
    p.on ? ` on ${p.on}` : ''
  } (${money(p.refundableCents)} refundable)`;

/** All or part of a received payment goes back to the customer. */
export const RefundForm = ({
  order,
  modal,
  paymentId,
}: {
  order: Order;
  modal: RecordModal;
  /** The payment chosen from its row; otherwise the person picks one. */
  paymentId?: string;
}) => {
  const candidates = order.payments.filter((p) => p.refundableCents > 0);
  const form = useForm<RefundValues>({
    mode: 'controlled',
    initialValues: {
      paymentId: paymentId ?? (candidates.length === 1 ? (candidates[0]?.paymentId ?? null) : null),
      amountCents: '',
      reason: '',
      on: '',
    },
    validate: {
      paymentId: (v) => (v ? null : 'Choose the payment to refund'),
      amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount to refund' : null),
      reason: (v) => (v.trim() ? null : 'Say why the money goes back'),
    },
  });
  const chosen = order.payments.find((p) => p.paymentId === form.values.paymentId);
  const command = useFormCommand(form, {
    resource: 'orders',
    send: (values, key) =>
      paymentCommands.refundPayment(
        order.id,
        values.paymentId ?? '',
        modal.version ?? order.version,
        { amountCents: toCents(values.amountCents), reason: values.reason.trim(), on: dayOrToday(values.on) },
        key,
      ),
    success: (updated) => `Refund recorded; ${money(updated.refundedCents)} refunded in all`,
    onSuccess: modal.close,
    problemFields: { 'refund-too-large': 'amountCents', 'payment-not-found': 'paymentId' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Refund"
      danger
      command={command}
      onReload={() => void reloadPayment(modal, command.clearProblem, 'refund-payment')}
      reloading={modal.reloading}
    >
      <Select
        label="Payment"
        required
        data={candidates.map((p) => ({ value: p.paymentId, label: paymentLabel(p) }))}
        nothingFoundMessage="No payment left to refund"
        {...form.getInputProps('paymentId')}
      />
      <MoneyInput
        label="Amount to refund"
        required
        data-autofocus
        description={chosen ? `At most ${money(chosen.refundableCents)}` : undefined}
        {...form.getInputProps('amountCents')}
      />
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={500}
        {...form.getInputProps('reason')}
      />
      <DayInput label="Refunded on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};
