import { Select, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Order } from '../../api/types';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { operationsApi } from './api';
import { DayField } from './components';
import { dayText, today } from './format';
import { useRefreshRelated } from './hooks';
import type { ClaimOutcome, DamageClaim, Shipment } from './types';

const orderLabel = (o: Order) => `${o.modelName} · ${money(o.totalCents)} · …${o.id.slice(-6)}`;
const required = (what: string) => (v: string) => (v.trim() ? null : `Enter ${what}`);
const reload = (modal: RecordModal, clear: () => void) => () => void modal.reload().then(clear);

interface ScheduleValues {
  orderId: string | null;
  carrier: string;
  destination: string;
  scheduledFor: string;
}

/** Book delivery of an order whose build is complete. */
export const ScheduleShipmentForm = ({
  onDone,
  onCancel,
}: {
  onDone: (shipment: Shipment) => void;
  onCancel: () => void;
}) => {
  const form = useForm<ScheduleValues>({
    mode: 'controlled',
    initialValues: { orderId: null, carrier: '', destination: '', scheduledFor: '' },
    validate: {
      orderId: (v) => (v ? null : 'Choose an order'),
      carrier: required('the carrier'),
      destination: required('the delivery address'),
      scheduledFor: (v) => (v ? null : 'Enter the delivery day'),
    },
  });
  const orders = useChoices('orders', orderLabel, form.values.orderId, { stage: 'ready' });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.scheduleShipment(
        {
          orderId: values.orderId ?? '',
          carrier: values.carrier.trim(),
          destination: values.destination.trim(),
          scheduledFor: values.scheduledFor,
        },
        key,
      ),
    success: (s) => `Delivery booked with ${s.carrier} for ${dayText(s.scheduledFor)}`,
    onSuccess: onDone,
    problemFields: {
      'order-not-found': 'orderId',
      'build-not-complete': 'orderId',
      'shipment-exists': 'orderId',
      'before-build-complete': 'scheduledFor',
    },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Schedule delivery"
      command={command}
    >
      <ChoiceSelect
        label="Order"
        placeholder="Orders ready for delivery"
        description="Only orders whose build is complete"
        required
        openOnFocus={false}
        data-autofocus
        choices={orders}
        nothingFound="No order is ready for delivery"
        {...form.getInputProps('orderId')}
      />
      <TextInput label="Carrier" required autoComplete="off" {...form.getInputProps('carrier')} />
      <Textarea
        label="Destination"
        required
        autosize
        minRows={2}
        maxLength={200}
        description="The delivery address"
        {...form.getInputProps('destination')}
      />
      <DayField label="Delivery day" required {...form.getInputProps('scheduledFor')} />
    </CommandForm>
  );
};

export const RescheduleShipmentForm = ({ shipment, modal }: { shipment: Shipment; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { scheduledFor: shipment.scheduledFor, reason: '' },
    validate: {
      scheduledFor: (v: string) => (v ? null : 'Enter the new delivery day'),
      reason: required('a reason'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.rescheduleShipment(
        shipment.id,
        modal.version ?? shipment.version,
        { scheduledFor: values.scheduledFor, reason: values.reason.trim() },
        key,
      ),
    success: (s) => `Delivery moved to ${dayText(s.scheduledFor)}`,
    onSuccess: modal.close,
    problemFields: { 'before-build-complete': 'scheduledFor' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Reschedule"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Booked for <strong>{dayText(shipment.scheduledFor)}</strong>. It cannot be earlier than the day the
        build completed ({dayText(shipment.readyOn)}).
      </Text>
      <DayField label="New delivery day" required data-autofocus {...form.getInputProps('scheduledFor')} />
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

export const DispatchShipmentForm = ({ shipment, modal }: { shipment: Shipment; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { trackingRef: '', on: today() },
    validate: {
      trackingRef: required("the carrier's tracking reference"),
      on: (v: string) => (v ? null : 'Enter the day it left'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.dispatchShipment(
        shipment.id,
        modal.version ?? shipment.version,
        { trackingRef: values.trackingRef.trim(), on: values.on },
        key,
      ),
    success: () => 'Dispatched: the home is on its way',
    onSuccess: modal.close,
    problemFields: { 'before-build-complete': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Dispatch"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">The home leaves the yard with {shipment.carrier}.</Text>
      <TextInput
        label="Tracking reference"
        required
        autoComplete="off"
        data-autofocus
        {...form.getInputProps('trackingRef')}
      />
      <DayField label="Left on" required {...form.getInputProps('on')} />
    </CommandForm>
  );
};

export const DeliverShipmentForm = ({ shipment, modal }: { shipment: Shipment; modal: RecordModal }) => {
  const refresh = useRefreshRelated();
  const form = useForm({
    mode: 'controlled',
    initialValues: { on: today() },
    validate: { on: (v: string) => (v ? null : 'Enter the day it arrived') },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.deliverShipment(shipment.id, modal.version ?? shipment.version, values.on, key),
    success: () => 'Delivered: the order is complete',
    onSuccess: () => {
      refresh(['orders']);
      modal.close();
    },
    problemFields: { 'invalid-date': 'on', 'before-build-complete': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record delivery"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">The home arrived on site. The shipment and its order become delivered.</Text>
      <DayField label="Arrived on" required data-autofocus {...form.getInputProps('on')} />
    </CommandForm>
  );
};

export const CancelShipmentForm = ({ shipment, modal }: { shipment: Shipment; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: required('a reason') },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.cancelShipment(shipment.id, modal.version ?? shipment.version, values.reason.trim(), key),
    success: () => 'Delivery cancelled',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Cancel delivery"
      danger
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">The booking with {shipment.carrier} is cancelled. This cannot be undone.</Text>
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

export const FileClaimForm = ({ shipment, modal }: { shipment: Shipment; modal: RecordModal }) => {
  const form = useForm<{ description: string; amountCents: number | string; on: string }>({
    mode: 'controlled',
    initialValues: { description: '', amountCents: '', on: today() },
    validate: {
      description: required('what was damaged'),
      amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount claimed' : null),
    },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.fileClaim(
        shipment.id,
        modal.version ?? shipment.version,
        {
          description: values.description.trim(),
          amountCents: toCents(values.amountCents),
          ...(values.on ? { on: values.on } : {}),
        },
        key,
      ),
    success: () => 'Damage claim filed',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="File claim"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">A claim against {shipment.carrier} for damage in transit.</Text>
      <Textarea
        label="What was damaged"
        required
        autosize
        minRows={2}
        maxLength={1000}
        data-autofocus
        {...form.getInputProps('description')}
      />
      <MoneyInput label="Amount claimed" required {...form.getInputProps('amountCents')} />
      <DayField label="Filed on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

interface ResolveValues {
  outcome: ClaimOutcome | null;
  paidCents: number | string;
  on: string;
}

export const ResolveClaimForm = ({
  shipment,
  claim,
  modal,
}: {
  shipment: Shipment;
  claim: DamageClaim;
  modal: RecordModal;
}) => {
  const form = useForm<ResolveValues>({
    mode: 'controlled',
    initialValues: { outcome: null, paidCents: '', on: today() },
    validate: {
      outcome: (v) => (v ? null : 'Choose what the carrier decided'),
      paidCents: (v, values) =>
        values.outcome === 'paid' && v === '' ? 'Enter what the carrier paid' : null,
    },
  });
  const command = useFormCommand(form, {
    resource: 'shipments',
    send: (values, key) =>
      operationsApi.resolveClaim(
        shipment.id,
        claim.claimId,
        modal.version ?? shipment.version,
        {
          outcome: values.outcome ?? 'denied',
          paidCents: values.outcome === 'denied' ? 0 : toCents(values.paidCents),
          ...(values.on ? { on: values.on } : {}),
        },
        key,
      ),
    success: (s) => {
      const resolved = s.claims.find((c) => c.claimId === claim.claimId);
      return resolved?.status === 'paid' ? `Claim paid: ${money(resolved.paidCents)}` : 'Claim denied';
    },
    onSuccess: modal.close,
    problemFields: { 'invalid-claim-payment': 'paidCents', 'claim-resolved': 'outcome' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Resolve claim"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Claimed <strong>{money(claim.amountCents)}</strong> for: {claim.description}
      </Text>
      <Select
        label="Outcome"
        required
        data-autofocus
        data={[
          { value: 'paid', label: 'Paid' },
          { value: 'denied', label: 'Denied' },
        ]}
        {...form.getInputProps('outcome')}
      />
      {form.values.outcome !== 'denied' && (
        <MoneyInput
          label="Amount paid"
          required
          description={`Up to ${money(claim.amountCents)}`}
          {...form.getInputProps('paidCents')}
        />
      )}
      <DayField label="Resolved on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};
