import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../../api/queries';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { HOME_CHOICE_PROBLEMS, HomeChoiceFields, useHomeChoice } from '../orders/HomeChoice';
import { salesCommands } from './api';
import { DayInput, dayOrToday } from './components';
import { codeFrom, reloadRecord } from './forms';
import { QUOTE_STATUS_LABELS } from './labels';
import { DISCOUNT_APPROVAL_RATE, MAX_DISCOUNT_RATE, type Quote } from './types';

interface FeeValues {
  key: string;
  description: string;
  priceCents: number | string;
}

interface DraftValues {
  customerId: string | null;
  modelId: string | null;
  optionCodes: string[];
  fees: FeeValues[];
  validDays: number | string;
}

/** Fee codes from their descriptions, unique within the quote. */
const feeCodes = (fees: FeeValues[]): string[] => {
  const used = new Set<string>();
  return fees.map((fee, index) => {
    let code = codeFrom(fee.description) || `fee-${index + 1}`;
    if (used.has(code)) code = `${code.slice(0, 36)}-${index + 1}`;
    used.add(code);
    return code;
  });
};

/** Draw up a quote: customer, model, options and fees; the total is shown as the API will compute it. */
export const DraftQuoteForm = ({
  customerId,
  onDone,
  onCancel,
}: {
  customerId?: string;
  onDone: (quote: Quote) => void;
  onCancel: () => void;
}) => {
  const form = useForm<DraftValues>({
    mode: 'controlled',
    initialValues: {
      customerId: customerId ?? null,
      modelId: null,
      optionCodes: [],
      fees: [],
      validDays: 30,
    },
    validate: {
      customerId: (v) => (v ? null : 'Choose a customer'),
      modelId: (v) => (v ? null : 'Choose a model'),
      fees: {
        description: (v) => (v.trim() ? null : 'Describe the fee'),
        priceCents: (v) => (v === '' ? 'Enter the fee' : null),
      },
      validDays: (v) => (v === '' ? 'Enter how many days the quote is valid' : null),
    },
  });
  const choice = useHomeChoice(form.values);
  const { model, chosen, price } = choice;
  const fees = form.values.fees.reduce(
    (sum, f) => sum + (f.priceCents === '' ? 0 : toCents(f.priceCents)),
    0,
  );
  const total = price === undefined ? undefined : price + fees;

  const command = useFormCommand(form, {
    resource: 'quotes',
    send: (values, key) => {
      const codes = feeCodes(values.fees);
      return salesCommands.draftQuote(
        {
          customerId: values.customerId ?? '',
          modelId: values.modelId ?? '',
          optionCodes: values.optionCodes,
          fees: values.fees.map((f, i) => ({
            code: codes[i] ?? `fee-${i + 1}`,
            description: f.description.trim(),
            priceCents: toCents(f.priceCents),
          })),
          validDays: Number(values.validDays),
        },
        key,
      );
    },
    success: (quote) => `Quote drawn up: ${quote.modelName} for ${money(quote.totalCents)}`,
    onSuccess: onDone,
    problemFields: { ...HOME_CHOICE_PROBLEMS, 'invalid-validity': 'validDays' },
  });

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Draft quote"
      command={command}
    >
      <HomeChoiceFields
        choice={choice}
        field={(name) => form.getInputProps(name)}
        unavailable="No models can be quoted"
      />
      <Stack gap="xs">
        <Text size="sm" fw={500} id="fees-label">
          Fees
        </Text>
        {form.values.fees.length === 0 && (
          <Text size="sm" c="dimmed">
            No fees (delivery, site work, permits…).
          </Text>
        )}
        {form.values.fees.map((fee, index) => (
          <Group key={fee.key} align="flex-start" gap="xs" wrap="nowrap">
            <TextInput
              label="Fee description"
              required
              style={{ flex: 1 }}
              maxLength={200}
              {...form.getInputProps(`fees.${index}.description`)}
            />
            <MoneyInput
              label="Fee amount"
              required
              w={140}
              {...form.getInputProps(`fees.${index}.priceCents`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={26}
              size="lg"
              aria-label={`Remove fee ${index + 1}`}
              onClick={() => form.removeListItem('fees', index)}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              form.insertListItem('fees', { key: crypto.randomUUID(), description: '', priceCents: '' })
            }
          >
            Add a fee
          </Button>
        </Group>
      </Stack>
      <NumberInput
        label="Valid for (days)"
        min={1}
        max={180}
        allowDecimal={false}
        allowNegative={false}
        required
        {...form.getInputProps('validDays')}
      />
      <Paper withBorder p="sm" bg="gray.0" aria-live="polite">
        <Group justify="space-between">
          <Text size="sm">
            {model
              ? `${model.name} ${money(model.basePriceCents)}${chosen.length ? ` + ${chosen.length} option(s)` : ''}${fees ? ` + fees ${money(fees)}` : ''}`
              : 'Price'}
          </Text>
          <Text fw={700} data-testid="quote-total">
            {total === undefined ? '—' : money(total)}
          </Text>
        </Group>
      </Paper>
    </CommandForm>
  );
};

const movedOn = (quote: Quote) => ({
  title: 'The quote moved on',
  message: `It is now ${QUOTE_STATUS_LABELS[quote.status].toLowerCase()}. Nothing was changed by you.`,
});

const reloadIf = (modal: RecordModal, clearProblem: () => void, action: QuoteAction) => () =>
  void reloadRecord(modal, clearProblem, action, movedOn);

/** A discount on a draft; above 5% of the subtotal it waits for someone else's approval. */
export const DiscountForm = ({ quote, modal }: { quote: Quote; modal: RecordModal }) => {
  const form = useForm<{ discountCents: number | string; reason: string }>({
    mode: 'controlled',
    initialValues: {
      discountCents: quote.discountCents ? quote.discountCents / 100 : '',
      reason: quote.discountReason ?? '',
    },
    validate: {
      discountCents: (v) => (v === '' ? 'Enter the discount (0 removes it)' : null),
      reason: (v) => (v.trim() ? null : 'Say why the discount is given'),
    },
  });
  const threshold = Math.floor(quote.subtotalCents * DISCOUNT_APPROVAL_RATE);
  const max = Math.floor(quote.subtotalCents * MAX_DISCOUNT_RATE);
  const amount = form.values.discountCents === '' ? 0 : toCents(form.values.discountCents);
  const command = useFormCommand(form, {
    resource: 'quotes',
    send: (values, key) =>
      salesCommands.applyDiscount(
        quote.id,
        modal.version ?? quote.version,
        { discountCents: toCents(values.discountCents), reason: values.reason.trim() },
        key,
      ),
    success: (updated) =>
      updated.discountStatus === 'pending'
        ? `Discount of ${money(updated.discountCents)} waits for approval`
        : `Discount of ${money(updated.discountCents)} applied`,
    onSuccess: modal.close,
    problemFields: { 'discount-too-large': 'discountCents' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Apply discount"
      command={command}
      onReload={reloadIf(modal, command.clearProblem, 'apply-discount')}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Subtotal <strong>{money(quote.subtotalCents)}</strong>. Up to {money(threshold)} applies at once; more
        needs approval by someone else; {money(max)} at most.
      </Text>
      <MoneyInput
        label="Discount"
        required
        data-autofocus
        description={
          amount > threshold && amount <= max ? 'Needs approval before the quote can be sent' : undefined
        }
        {...form.getInputProps('discountCents')}
      />
      <Textarea
        label="Reason"
        required
        autosize
        minRows={2}
        maxLength={500}
        {...form.getInputProps('reason')}
      />
    </CommandForm>
  );
};

/** The commands the API names for a quote, when it offers them (`quote.actions`). */
export type QuoteAction = Quote['actions'][number];

/** Approve, send, accept, decline or expire: a confirmation (and the day), then the command. */
type Step = Exclude<QuoteAction, 'apply-discount'>;

const STEPS: Record<
  Step,
  { label: string; confirm: (q: Quote) => string; dayLabel?: string; danger?: boolean }
> = {
  'approve-discount': {
    label: 'Approve discount',
    confirm: (q) =>
      `Approve the discount of ${money(q.discountCents)} (${q.discountReason ?? 'no reason given'}). The quote can then be sent.`,
  },
  send: {
    label: 'Send quote',
    confirm: (q) =>
      `The quote for ${money(q.totalCents)} goes to the customer. It is valid until ${q.expiresOn}.`,
    dayLabel: 'Sent on',
  },
  accept: {
    label: 'Accept quote',
    confirm: (q) =>
      `The customer accepts: the quote closes and an order is placed at exactly ${money(q.totalCents)}.`,
    dayLabel: 'Accepted on',
  },
  decline: {
    label: 'Decline quote',
    confirm: () => 'The customer turned the quote down. The quote closes; the reason is kept in its history.',
    dayLabel: 'Declined on',
    danger: true,
  },
  expire: {
    label: 'Expire quote',
    confirm: (q) => `The quote passed its expiry date (${q.expiresOn}) without an answer and closes.`,
    dayLabel: 'Expired on',
    danger: true,
  },
};

export const quoteStepLabel = (step: Step) => STEPS[step].label;
export type QuoteStep = Step;

export const QuoteStepForm = ({
  quote,
  modal,
  step,
  onAccepted,
}: {
  quote: Quote;
  modal: RecordModal;
  step: Step;
  /** After accepting: the order placed from the quote. */
  onAccepted?: (orderId: string) => void;
}) => {
  const client = useQueryClient();
  const text = STEPS[step];
  const form = useForm<{ on: string; reason: string }>({
    mode: 'controlled',
    initialValues: { on: '', reason: '' },
    validate: {
      reason: (v) => (step === 'decline' && !v.trim() ? 'Say why the customer declined' : null),
    },
  });
  const command = useFormCommand(form, {
    resource: 'quotes',
    send: async (values, key) => {
      const version = modal.version ?? quote.version;
      const on = dayOrToday(values.on);
      switch (step) {
        case 'approve-discount':
          return salesCommands.approveDiscount(quote.id, version, key);
        case 'send':
          return salesCommands.sendQuote(quote.id, version, on, key);
        case 'decline':
          return salesCommands.declineQuote(quote.id, version, values.reason.trim(), on, key);
        case 'expire':
          return salesCommands.expireQuote(quote.id, version, on, key);
        case 'accept': {
          const accepted = await salesCommands.acceptQuote(quote.id, version, on, key);
          client.setQueryData(keys.detail('orders', accepted.order.id), accepted.order);
          void client.invalidateQueries({ queryKey: keys.resource('orders') });
          return accepted.quote;
        }
      }
    },
    success: (updated) =>
      step === 'accept'
        ? 'Quote accepted: the order is placed'
        : step === 'approve-discount'
          ? 'Discount approved'
          : `Quote ${QUOTE_STATUS_LABELS[updated.status].toLowerCase()}`,
    onSuccess: (updated) => {
      modal.close();
      if (step === 'accept' && updated.orderId) onAccepted?.(updated.orderId);
    },
    problemFields: { 'not-expired': 'on', 'quote-expired': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel={text.label}
      danger={text.danger}
      command={command}
      onReload={reloadIf(modal, command.clearProblem, step)}
      reloading={modal.reloading}
    >
      <Text size="sm">{text.confirm(quote)}</Text>
      {step === 'decline' && (
        <Textarea
          label="Reason"
          required
          autosize
          minRows={2}
          maxLength={500}
          data-autofocus
          {...form.getInputProps('reason')}
        />
      )}
      {text.dayLabel && <DayInput label={text.dayLabel} {...form.getInputProps('on')} />}
    </CommandForm>
  );
};
