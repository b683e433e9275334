import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { operationsApi } from './api';
import { DayField, ItemName } from './components';
import { today } from './format';
import { useRefreshRelated } from './hooks';
import type { Item, PurchaseOrder, Supplier } from './types';

const supplierLabel = (s: Supplier) => `${s.name} · ${s.leadTimeDays} days lead time`;
const itemLabel = (i: Item) => `${i.name} (${i.sku})`;

interface LineValues {
  /** A stable React key for the row; never sent. */
  key: string;
  itemId: string | null;
  quantity: number | string;
  /** Dollars while editing. */
  unitCostCents: number | string;
}

interface PlaceValues {
  supplierId: string | null;
  lines: LineValues[];
  expectedOn: string;
}

/** A line's item: searched on the server; choosing one suggests its current unit cost. */
const LineItemSelect = ({
  value,
  error,
  onChoose,
  index,
}: {
  value: string | null;
  error: ReactNode;
  onChoose: (item: Item | undefined, id: string | null) => void;
  index: number;
}) => {
  const choices = useChoices('items', itemLabel, value);
  return (
    <ChoiceSelect
      label="Item"
      aria-label={`Item, line ${index + 1}`}
      placeholder="Type a name or SKU"
      required
      openOnFocus={false}
      choices={choices}
      nothingFound="No item matches"
      value={value}
      error={error}
      onChange={(id) =>
        onChoose(
          [...choices.records, ...(choices.selected ? [choices.selected] : [])].find((i) => i.id === id),
          id,
        )
      }
      style={{ flex: '3 1 220px' }}
    />
  );
};

/** Order stock from a supplier: one line per item, each with its quantity and agreed unit cost. */
export const PlacePurchaseOrderForm = ({
  supplierId,
  item,
  onDone,
  onCancel,
}: {
  supplierId?: string;
  /** Start with a line for this item (reordering from its page). */
  item?: Item;
  onDone: (order: PurchaseOrder) => void;
  onCancel: () => void;
}) => {
  const form = useForm<PlaceValues>({
    mode: 'controlled',
    initialValues: {
      supplierId: supplierId ?? item?.supplierId ?? null,
      lines: [
        {
          key: randomId(),
          itemId: item?.id ?? null,
          quantity: item?.reorderQuantity ?? '',
          unitCostCents: item ? item.unitCostCents / 100 : '',
        },
      ],
      expectedOn: '',
    },
    validate: {
      supplierId: (v) => (v ? null : 'Choose a supplier'),
      lines: {
        itemId: (v) => (v ? null : 'Choose an item'),
        quantity: (v) => (v === '' || Number(v) < 1 ? 'Enter a quantity of at least 1' : null),
        unitCostCents: (v) => (v === '' ? 'Enter the unit cost' : null),
      },
    },
  });
  const suppliers = useChoices('suppliers', supplierLabel, form.values.supplierId);
  const command = useFormCommand(form, {
    resource: 'purchase-orders',
    send: (values, key) =>
      operationsApi.placePurchaseOrder(
        {
          supplierId: values.supplierId ?? '',
          lines: values.lines.map((l) => ({
            itemId: l.itemId ?? '',
            quantity: Number(l.quantity),
            unitCostCents: toCents(l.unitCostCents),
          })),
          ...(values.expectedOn ? { expectedOn: values.expectedOn } : {}),
        },
        key,
      ),
    success: (po) => `Purchase order placed for ${money(po.totalCents)}`,
    onSuccess: onDone,
    problemFields: {
      'supplier-not-found': 'supplierId',
      'item-not-found': 'lines',
      'duplicate-item': 'lines',
      'empty-order': 'lines',
      'invalid-date': 'expectedOn',
    },
  });
  const total = form.values.lines.reduce(
    (sum, l) => sum + (l.quantity === '' ? 0 : Number(l.quantity)) * toCents(l.unitCostCents),
    0,
  );
  const linesError = typeof form.errors.lines === 'string' ? form.errors.lines : undefined;

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Place purchase order"
      command={command}
    >
      <ChoiceSelect
        label="Supplier"
        placeholder="Type a name"
        required
        openOnFocus={false}
        data-autofocus
        choices={suppliers}
        nothingFound="No supplier matches"
        {...form.getInputProps('supplierId')}
      />
      <Stack gap="xs" role="group" aria-labelledby="po-lines-label">
        <Group justify="space-between">
          <Text fw={500} size="sm" id="po-lines-label">
            Lines
          </Text>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              form.insertListItem('lines', { key: randomId(), itemId: null, quantity: '', unitCostCents: '' })
            }
          >
            Add a line
          </Button>
        </Group>
        {form.values.lines.map((line, index) => (
          <Card key={line.key} withBorder padding="sm" role="group" aria-label={`Line ${index + 1}`}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <LineItemSelect
                index={index}
                value={line.itemId}
                error={form.errors[`lines.${index}.itemId`]}
                onChoose={(chosen, id) => {
                  form.setFieldValue(`lines.${index}.itemId`, id);
                  if (chosen) {
                    form.setFieldValue(`lines.${index}.unitCostCents`, chosen.unitCostCents / 100);
                    if (line.quantity === '')
                      form.setFieldValue(`lines.${index}.quantity`, chosen.reorderQuantity);
                  }
                }}
              />
              <NumberInput
                label="Quantity"
                required
                min={1}
                allowDecimal={false}
                allowNegative={false}
                style={{ flex: '1 1 90px' }}
                {...form.getInputProps(`lines.${index}.quantity`)}
              />
              <MoneyInput
                label="Unit cost"
                required
                style={{ flex: '1 1 100px' }}
                {...form.getInputProps(`lines.${index}.unitCostCents`)}
              />
              {form.values.lines.length > 1 && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  aria-label={`Remove line ${index + 1}`}
                  onClick={() => form.removeListItem('lines', index)}
                >
                  <IconTrash size={16} aria-hidden />
                </ActionIcon>
              )}
            </Group>
          </Card>
        ))}
        {linesError && (
          <Text size="sm" c="red" role="alert">
            {linesError}
          </Text>
        )}
      </Stack>
      <DayField
        label="Expected on"
        description="Leave empty to expect it after the supplier's lead time"
        {...form.getInputProps('expectedOn')}
      />
      <Paper withBorder p="sm" bg="gray.0" aria-live="polite">
        <Group justify="space-between">
          <Text size="sm">Total</Text>
          <Text fw={700} data-testid="po-total">
            {money(total)}
          </Text>
        </Group>
      </Paper>
    </CommandForm>
  );
};

interface ReceiveValues {
  /** Quantities received now, by line of the order (0 for a line not in this delivery). */
  quantities: (number | string)[];
  on: string;
  lines: string;
}

/** Goods arrived: some or all of what is outstanding, line by line, into stock. */
export const ReceivePurchaseOrderForm = ({ order, modal }: { order: PurchaseOrder; modal: RecordModal }) => {
  const refresh = useRefreshRelated();
  const outstanding = order.lines.map((l) => l.quantity - l.receivedQuantity);
  const form = useForm<ReceiveValues>({
    mode: 'controlled',
    initialValues: { quantities: outstanding, on: today(), lines: '' },
    validate: {
      quantities: (values) =>
        values.some((v) => v !== '' && Number(v) > 0) ? null : 'Receive at least one line',
      on: (v) => (v ? null : 'Enter the day it arrived'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'purchase-orders',
    send: (values, key) =>
      operationsApi.receivePurchaseOrder(
        order.id,
        modal.version ?? order.version,
        {
          lines: order.lines
            .map((l, i) => ({ itemId: l.itemId, quantity: Number(values.quantities[i] || 0) }))
            .filter((l) => l.quantity > 0),
          on: values.on,
        },
        key,
      ),
    success: (po) =>
      po.status === 'received' ? 'Everything on the order is received' : 'Receipt recorded; more to come',
    onSuccess: () => {
      refresh(['items']);
      modal.close();
    },
    problemFields: {
      'over-receipt': 'lines',
      'item-not-ordered': 'lines',
      'empty-receipt': 'lines',
      'invalid-date': 'on',
    },
  });
  const quantitiesError = typeof form.errors.quantities === 'string' ? form.errors.quantities : undefined;
  const problemError = typeof form.errors.lines === 'string' ? form.errors.lines : undefined;

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record receipt"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">Enter what arrived in this delivery. Lines not in it stay at 0.</Text>
      <Table.ScrollContainer minWidth={380}>
        <Table aria-label="Lines to receive" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Item</Table.Th>
              <Table.Th ta="right">Outstanding</Table.Th>
              <Table.Th>Received now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {order.lines.map((line, index) => (
              <Table.Tr key={line.itemId}>
                <Table.Td>
                  <ItemName id={line.itemId} link={false} />
                </Table.Td>
                <Table.Td ta="right">{(outstanding[index] ?? 0).toLocaleString('en-US')}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={`Received now, line ${index + 1}`}
                    min={0}
                    max={outstanding[index]}
                    allowDecimal={false}
                    allowNegative={false}
                    disabled={(outstanding[index] ?? 0) === 0}
                    w={110}
                    {...form.getInputProps(`quantities.${index}`)}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(quantitiesError || problemError) && (
        <Text size="sm" c="red" role="alert">
          {quantitiesError ?? problemError}
        </Text>
      )}
      <DayField label="Arrived on" required {...form.getInputProps('on')} />
    </CommandForm>
  );
};

/** Cancel what is still outstanding; what already arrived stays received. */
export const CancelPurchaseOrderForm = ({ order, modal }: { order: PurchaseOrder; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: (v: string) => (v.trim() ? null : 'Say why the order is cancelled') },
  });
  const command = useFormCommand(form, {
    resource: 'purchase-orders',
    send: (values, key) =>
      operationsApi.cancelPurchaseOrder(order.id, modal.version ?? order.version, values.reason.trim(), key),
    success: () => 'Purchase order cancelled',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Cancel purchase order"
      danger
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        What is still outstanding is cancelled; anything already received stays in stock. This cannot be
        undone.
      </Text>
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
