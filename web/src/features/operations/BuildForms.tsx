import { Group, NumberInput, Select, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Order } from '../../api/types';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { money } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { operationsApi } from './api';
import { DayField } from './components';
import { BUILD_STAGE_LABELS, DELAY_REASON_LABELS, dayText, options, today } from './format';
import { useRefreshRelated } from './hooks';
import type { Build, BuildStage, DelayReason } from './types';

const orderLabel = (o: Order) => `${o.modelName} · ${money(o.totalCents)} · …${o.id.slice(-6)}`;

interface ScheduleValues {
  orderId: string | null;
  bay: string;
  startOn: string;
  dueOn: string;
}

/** A build slot for an order whose deposit is paid; long-lead materials are reserved in stock. */
export const ScheduleBuildForm = ({
  onDone,
  onCancel,
}: {
  onDone: (build: Build) => void;
  onCancel: () => void;
}) => {
  const refresh = useRefreshRelated();
  const form = useForm<ScheduleValues>({
    mode: 'controlled',
    initialValues: { orderId: null, bay: '', startOn: today(), dueOn: '' },
    validate: {
      orderId: (v) => (v ? null : 'Choose an order'),
      bay: (v) => (v.trim() ? null : 'Enter the bay'),
      startOn: (v) => (v ? null : 'Enter the start day'),
      dueOn: (v, values) => (!v ? 'Enter the due day' : v <= values.startOn ? 'Due after it starts' : null),
    },
  });
  const orders = useChoices('orders', orderLabel, form.values.orderId, { stage: 'deposit_paid' });
  const command = useFormCommand(form, {
    resource: 'builds',
    send: (values, key) =>
      operationsApi.scheduleBuild(
        {
          orderId: values.orderId ?? '',
          bay: values.bay.trim(),
          startOn: values.startOn,
          dueOn: values.dueOn,
        },
        key,
      ),
    success: (build) => `${build.modelName} is booked into ${build.bay}`,
    onSuccess: (build) => {
      refresh(['items']);
      onDone(build);
    },
    problemFields: {
      'order-not-found': 'orderId',
      'deposit-required': 'orderId',
      'build-exists': 'orderId',
      'model-not-found': 'orderId',
      'invalid-slot': 'dueOn',
    },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Schedule build"
      command={command}
    >
      <ChoiceSelect
        label="Order"
        placeholder="Orders with a paid deposit"
        description="Only orders whose deposit is paid and not yet built"
        required
        openOnFocus={false}
        data-autofocus
        choices={orders}
        nothingFound="No order is waiting for a build"
        {...form.getInputProps('orderId')}
      />
      <TextInput
        label="Bay"
        required
        autoComplete="off"
        placeholder="e.g. Bay 2"
        {...form.getInputProps('bay')}
      />
      <Group grow align="flex-start" wrap="wrap">
        <DayField label="Starts on" required {...form.getInputProps('startOn')} />
        <DayField label="Due on" required {...form.getInputProps('dueOn')} />
      </Group>
    </CommandForm>
  );
};

/**
 * After a version conflict: reload; the form stays open on the fresh version (the API refuses a step
 * that no longer applies, with its reason).
 */
const reload = (modal: RecordModal, clear: () => void) => () => void modal.reload().then(clear);

/** Framing begins: the bill of materials is taken from stock (refused if any item is short). */
export const StartBuildForm = ({ build, modal }: { build: Build; modal: RecordModal }) => {
  const refresh = useRefreshRelated();
  const form = useForm({
    mode: 'controlled',
    initialValues: { on: today() },
    validate: { on: (v: string) => (v ? null : 'Enter the day framing began') },
  });
  const command = useFormCommand(form, {
    resource: 'builds',
    send: (values, key) => operationsApi.startBuild(build.id, modal.version ?? build.version, values.on, key),
    success: () => 'Build started: framing',
    onSuccess: () => {
      refresh(['items', 'orders']);
      modal.close();
    },
    problemFields: { 'invalid-date': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Start build"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Framing starts and every material on the bill is taken from stock. The order moves to "In build".
      </Text>
      <DayField label="Started on" required data-autofocus {...form.getInputProps('on')} />
    </CommandForm>
  );
};

/** The current stage passes; passing inspection completes the build and makes the order ready. */
export const CompleteStageForm = ({
  build,
  stage,
  modal,
}: {
  build: Build;
  stage: BuildStage;
  modal: RecordModal;
}) => {
  const refresh = useRefreshRelated();
  const form = useForm({
    mode: 'controlled',
    initialValues: { on: today() },
    validate: { on: (v: string) => (v ? null : 'Enter the day it was done') },
  });
  const command = useFormCommand(form, {
    resource: 'builds',
    send: (values, key) =>
      operationsApi.completeStage(build.id, modal.version ?? build.version, stage, values.on, key),
    success: (updated) =>
      updated.status === 'complete'
        ? 'Inspection passed: the home is ready to ship'
        : `${BUILD_STAGE_LABELS[stage]} is done`,
    onSuccess: () => {
      if (stage === 'inspection') refresh(['orders']);
      modal.close();
    },
    problemFields: { 'invalid-date': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel={`Complete ${BUILD_STAGE_LABELS[stage].toLowerCase()}`}
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        {stage === 'inspection'
          ? 'Passing inspection completes the build; the order becomes ready for delivery.'
          : `Mark ${BUILD_STAGE_LABELS[stage].toLowerCase()} as done; the build moves to the next stage.`}
      </Text>
      <DayField label="Done on" required data-autofocus {...form.getInputProps('on')} />
    </CommandForm>
  );
};

interface DelayValues {
  reason: DelayReason | null;
  days: number | string;
  note: string;
}

export const DelayBuildForm = ({ build, modal }: { build: Build; modal: RecordModal }) => {
  const form = useForm<DelayValues>({
    mode: 'controlled',
    initialValues: { reason: null, days: '', note: '' },
    validate: {
      reason: (v) => (v ? null : 'Choose a reason'),
      days: (v) => (v === '' || Number(v) < 1 ? 'Enter at least 1 day' : null),
    },
  });
  const command = useFormCommand(form, {
    resource: 'builds',
    send: (values, key) =>
      operationsApi.delayBuild(
        build.id,
        modal.version ?? build.version,
        {
          reason: values.reason ?? 'labor',
          days: Number(values.days),
          ...(values.note.trim() ? { note: values.note.trim() } : {}),
        },
        key,
      ),
    success: (updated) => `Delay recorded: now due ${dayText(updated.dueOn)}`,
    onSuccess: modal.close,
    problemFields: { 'invalid-delay': 'days' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Record delay"
      command={command}
      onReload={reload(modal, command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        The due date moves by the days given. Lateness is still measured against the first date.
      </Text>
      <Select
        label="Reason"
        required
        data-autofocus
        data={options(DELAY_REASON_LABELS)}
        {...form.getInputProps('reason')}
      />
      <NumberInput
        label="Days added"
        required
        min={1}
        max={365}
        allowDecimal={false}
        allowNegative={false}
        {...form.getInputProps('days')}
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
