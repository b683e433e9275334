import { Group, NumberInput, Select, Text, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { operationsApi } from './api';
import { ADJUSTMENT_REASON_LABELS, count, options } from './format';
import type { AdjustmentReason, Item, Supplier } from './types';

const whole = { allowDecimal: false, allowNegative: false, min: 0 } as const;
const present = (label: string) => (value: number | string) => (value === '' ? `Enter ${label}` : null);

interface PolicyValues {
  reorderPoint: number | string;
  reorderQuantity: number | string;
  leadTimeDays: number | string;
}

const policyValidate = {
  reorderPoint: present('a reorder point'),
  reorderQuantity: (v: number | string) =>
    v === '' || Number(v) < 1 ? 'Enter a quantity of at least 1' : null,
  leadTimeDays: present('a lead time'),
};

const PolicyFields = <V extends PolicyValues>({ form }: { form: UseFormReturnType<V> }) => (
  <Group grow align="flex-start" wrap="wrap">
    <NumberInput
      label="Reorder point"
      required
      description="Reorder when available falls to this"
      {...whole}
      {...form.getInputProps('reorderPoint')}
    />
    <NumberInput
      label="Reorder quantity"
      required
      description="How many to order"
      {...whole}
      min={1}
      {...form.getInputProps('reorderQuantity')}
    />
    <NumberInput
      label="Lead time (days)"
      required
      description="14 or more: reserved at booking"
      {...whole}
      max={365}
      {...form.getInputProps('leadTimeDays')}
    />
  </Group>
);

const policyOf = (values: PolicyValues) => ({
  reorderPoint: Number(values.reorderPoint),
  reorderQuantity: Number(values.reorderQuantity),
  leadTimeDays: Number(values.leadTimeDays),
});

interface ItemValues extends PolicyValues {
  sku: string;
  name: string;
  unit: string;
  unitCostCents: number | string;
  supplierId: string | null;
}

const supplierLabel = (s: Supplier) => s.name;

/** Add a stock item with its cost, reorder policy and (optionally) its usual supplier. */
export const ItemForm = ({
  supplierId,
  onDone,
  onCancel,
}: {
  supplierId?: string;
  onDone: (item: Item) => void;
  onCancel: () => void;
}) => {
  const form = useForm<ItemValues>({
    mode: 'controlled',
    initialValues: {
      sku: '',
      name: '',
      unit: '',
      unitCostCents: '',
      reorderPoint: '',
      reorderQuantity: '',
      leadTimeDays: '',
      supplierId: supplierId ?? null,
    },
    validate: {
      sku: (v) => (v.trim() ? null : 'Enter a SKU'),
      name: (v) => (v.trim() ? null : 'Enter a name'),
      unit: (v) => (v.trim() ? null : 'Enter a unit, e.g. boards or kg'),
      unitCostCents: present('a unit cost'),
      ...policyValidate,
    },
  });
  const suppliers = useChoices('suppliers', supplierLabel, form.values.supplierId);
  const command = useFormCommand(form, {
    resource: 'items',
    send: (values, key) =>
      operationsApi.registerItem(
        {
          sku: values.sku.trim(),
          name: values.name.trim(),
          unit: values.unit.trim(),
          unitCostCents: toCents(values.unitCostCents),
          ...policyOf(values),
          ...(values.supplierId ? { supplierId: values.supplierId } : {}),
        },
        key,
      ),
    success: (item) => `${item.name} is added to inventory`,
    onSuccess: onDone,
    problemFields: { 'supplier-not-found': 'supplierId', 'item-exists': 'sku' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Add item"
      command={command}
    >
      <Group grow align="flex-start" wrap="wrap">
        <TextInput label="Name" required autoComplete="off" data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label="SKU"
          required
          autoComplete="off"
          description="Letters, digits and -"
          {...form.getInputProps('sku')}
        />
      </Group>
      <Group grow align="flex-start" wrap="wrap">
        <TextInput
          label="Unit"
          required
          autoComplete="off"
          placeholder="e.g. boards"
          {...form.getInputProps('unit')}
        />
        <MoneyInput label="Unit cost" required {...form.getInputProps('unitCostCents')} />
      </Group>
      <PolicyFields form={form} />
      <ChoiceSelect
        label="Supplier"
        placeholder="Type a name"
        description="Optional: who it is usually bought from"
        clearable
        openOnFocus={false}
        choices={suppliers}
        nothingFound="No supplier matches"
        {...form.getInputProps('supplierId')}
      />
    </CommandForm>
  );
};

export const ChangeCostForm = ({ item, modal }: { item: Item; modal: RecordModal }) => {
  const form = useForm<{ unitCostCents: number | string }>({
    mode: 'controlled',
    initialValues: { unitCostCents: item.unitCostCents / 100 },
    validate: { unitCostCents: present('a unit cost') },
  });
  const command = useFormCommand(form, {
    resource: 'items',
    send: (values, key) =>
      operationsApi.changeItemCost(
        item.id,
        modal.version ?? item.version,
        toCents(values.unitCostCents),
        key,
      ),
    success: (updated) => `${updated.name} now costs ${money(updated.unitCostCents)} a unit`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Save cost"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Current unit cost: <strong>{money(item.unitCostCents)}</strong>. Purchase orders already placed keep
        their cost.
      </Text>
      <MoneyInput label="New unit cost" required data-autofocus {...form.getInputProps('unitCostCents')} />
    </CommandForm>
  );
};

export const ReorderPolicyForm = ({ item, modal }: { item: Item; modal: RecordModal }) => {
  const form = useForm<PolicyValues>({
    mode: 'controlled',
    initialValues: {
      reorderPoint: item.reorderPoint,
      reorderQuantity: item.reorderQuantity,
      leadTimeDays: item.leadTimeDays,
    },
    validate: policyValidate,
  });
  const command = useFormCommand(form, {
    resource: 'items',
    send: (values, key) =>
      operationsApi.setReorderPolicy(item.id, modal.version ?? item.version, policyOf(values), key),
    success: (updated) => `${updated.name} reorders at ${count(updated.reorderPoint, updated.unit)}`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Save policy"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <PolicyFields form={form} />
    </CommandForm>
  );
};

interface AdjustValues {
  delta: number | string;
  reason: AdjustmentReason | null;
  note: string;
}

/** Correct what is on hand after a count, damage or loss. Stock never goes below zero (the API refuses). */
export const AdjustStockForm = ({ item, modal }: { item: Item; modal: RecordModal }) => {
  const form = useForm<AdjustValues>({
    mode: 'controlled',
    initialValues: { delta: '', reason: null, note: '' },
    validate: {
      delta: (v) => (v === '' || Number(v) === 0 ? 'Enter how many to add (or, with a minus, remove)' : null),
      reason: (v) => (v ? null : 'Choose a reason'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'items',
    send: (values, key) =>
      operationsApi.adjustStock(
        item.id,
        modal.version ?? item.version,
        {
          delta: Number(values.delta),
          reason: values.reason ?? 'count',
          ...(values.note.trim() ? { note: values.note.trim() } : {}),
        },
        key,
      ),
    success: (updated) => `${updated.name}: ${count(updated.onHand, updated.unit)} on hand`,
    onSuccess: modal.close,
    problemFields: { 'negative-stock': 'delta', 'invalid-quantity': 'delta' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Adjust stock"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        On hand now: <strong>{count(item.onHand, item.unit)}</strong>.
      </Text>
      <NumberInput
        label="Change"
        required
        description="Positive adds stock, negative removes it, e.g. -3"
        allowDecimal={false}
        data-autofocus
        {...form.getInputProps('delta')}
      />
      <Select
        label="Reason"
        required
        data={options(ADJUSTMENT_REASON_LABELS)}
        {...form.getInputProps('reason')}
      />
      <Textarea
        label="Note"
        description="Optional"
        autosize
        minRows={2}
        maxLength={1000}
        {...form.getInputProps('note')}
      />
    </CommandForm>
  );
};

/** Stock that came without a purchase order (a return, a sample); adds only, so no version is needed. */
export const ReceiveStockForm = ({ item, onClose }: { item: Item; onClose: () => void }) => {
  const form = useForm<{ quantity: number | string; unitCostCents: number | string }>({
    mode: 'controlled',
    initialValues: { quantity: '', unitCostCents: '' },
    validate: {
      quantity: (v) => (v === '' || Number(v) < 1 ? 'Enter a quantity of at least 1' : null),
    },
  });
  const command = useFormCommand(form, {
    resource: 'items',
    send: (values, key) =>
      operationsApi.receiveStock(
        item.id,
        {
          quantity: Number(values.quantity),
          ...(values.unitCostCents === '' ? {} : { unitCostCents: toCents(values.unitCostCents) }),
        },
        key,
      ),
    success: (updated) => `${updated.name}: ${count(updated.onHand, updated.unit)} on hand`,
    onSuccess: onClose,
    problemFields: { 'invalid-quantity': 'quantity' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onClose}
      submitLabel="Receive stock"
      command={command}
    >
      <Text size="sm">
        For stock that arrived without a purchase order. Receive ordered goods on their order.
      </Text>
      <NumberInput
        label="Quantity received"
        required
        min={1}
        allowDecimal={false}
        allowNegative={false}
        data-autofocus
        {...form.getInputProps('quantity')}
      />
      <MoneyInput
        label="Unit cost"
        description={`Optional; the item's cost (${money(item.unitCostCents)}) if empty`}
        {...form.getInputProps('unitCostCents')}
      />
    </CommandForm>
  );
};
