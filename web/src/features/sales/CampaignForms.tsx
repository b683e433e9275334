import { Select, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { salesCommands } from './api';
import { DayInput, dayOrToday, today } from './components';
import { optional, reloadRecord } from './forms';
import { CHANNEL_LABELS, choices } from './labels';
import type { Campaign, LeadChannel } from './types';

interface LaunchValues {
  name: string;
  channel: LeadChannel | null;
  budgetCents: number | string;
  startsOn: string;
  endsOn: string;
}

export const LaunchCampaignForm = ({
  onDone,
  onCancel,
}: {
  onDone: (campaign: Campaign) => void;
  onCancel: () => void;
}) => {
  const form = useForm<LaunchValues>({
    mode: 'controlled',
    initialValues: { name: '', channel: null, budgetCents: '', startsOn: today(), endsOn: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the campaign'),
      channel: (v) => (v ? null : 'Choose the channel it runs on'),
      budgetCents: (v) => (v === '' ? 'Enter the budget' : null),
      startsOn: (v) => (v ? null : 'Enter the first day'),
      endsOn: (v) => (v ? null : 'Enter the last day'),
    },
  });
  const command = useFormCommand(form, {
    resource: 'campaigns',
    send: (values, key) =>
      salesCommands.launchCampaign(
        {
          name: values.name.trim(),
          channel: values.channel ?? 'web_form',
          budgetCents: toCents(values.budgetCents),
          startsOn: values.startsOn,
          endsOn: values.endsOn,
        },
        key,
      ),
    success: (campaign) => `${campaign.name} is launched`,
    onSuccess: onDone,
    problemFields: { 'invalid-dates': 'endsOn' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Launch campaign"
      command={command}
    >
      <TextInput label="Name" required maxLength={120} data-autofocus {...form.getInputProps('name')} />
      <Select label="Channel" required data={choices(CHANNEL_LABELS)} {...form.getInputProps('channel')} />
      <MoneyInput label="Budget" required {...form.getInputProps('budgetCents')} />
      <TextInput
        label="Starts on"
        type="date"
        max="9999-12-31"
        required
        {...form.getInputProps('startsOn')}
      />
      <TextInput label="Ends on" type="date" max="9999-12-31" required {...form.getInputProps('endsOn')} />
    </CommandForm>
  );
};

const movedOn = (campaign: Campaign) => ({
  title: 'The campaign has ended',
  message: `${campaign.name} ended${campaign.endedOn ? ` on ${campaign.endedOn}` : ''}. Nothing was changed by you.`,
});

export const BudgetForm = ({ campaign, modal }: { campaign: Campaign; modal: RecordModal }) => {
  const form = useForm<{ budgetCents: number | string }>({
    mode: 'controlled',
    initialValues: { budgetCents: campaign.budgetCents / 100 },
    validate: { budgetCents: (v) => (v === '' ? 'Enter the new budget' : null) },
  });
  const command = useFormCommand(form, {
    resource: 'campaigns',
    send: (values, key) =>
      salesCommands.changeCampaignBudget(
        campaign.id,
        modal.version ?? campaign.version,
        toCents(values.budgetCents),
        key,
      ),
    success: (updated) => `Budget is now ${money(updated.budgetCents)}`,
    onSuccess: modal.close,
    problemFields: { 'budget-below-spend': 'budgetCents' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Save budget"
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'change-budget', movedOn)}
      reloading={modal.reloading}
    >
      <Text size="sm">{money(campaign.spentCents)} is already spent; the budget cannot go below it.</Text>
      <MoneyInput label="New budget" required data-autofocus {...form.getInputProps('budgetCents')} />
    </CommandForm>
  );
};

export const SpendForm = ({ campaign, modal }: { campaign: Campaign; modal: RecordModal }) => {
  const form = useForm<{ amountCents: number | string; on: string; note: string }>({
    mode: 'controlled',
    initialValues: { amountCents: '', on: '', note: '' },
    validate: { amountCents: (v) => (v === '' || Number(v) <= 0 ? 'Enter the amount spent' : null) },
  });
  const left = Math.max(0, campaign.budgetCents - campaign.spentCents);
  const command = useFormCommand(form, {
    resource: 'campaigns',
    send: (values, key) =>
      salesCommands.recordSpend(
        campaign.id,
        { amountCents: toCents(values.amountCents), on: dayOrToday(values.on), note: optional(values.note) },
        key,
      ),
    success: (updated) =>
      `Spend recorded: ${money(updated.spentCents)} of ${money(updated.budgetCents)} spent`,
    onSuccess: modal.close,
    problemFields: { 'over-budget': 'amountCents', 'invalid-amount': 'amountCents', 'invalid-date': 'on' },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={modal.close}
      submitLabel="Record spend"
      command={command}
    >
      <Text size="sm">
        <strong>{money(left)}</strong> of the {money(campaign.budgetCents)} budget is left.
      </Text>
      <MoneyInput label="Amount spent" required data-autofocus {...form.getInputProps('amountCents')} />
      <DayInput label="Spent on" {...form.getInputProps('on')} />
      <Textarea label="Note" autosize minRows={2} maxLength={1000} {...form.getInputProps('note')} />
    </CommandForm>
  );
};

export const EndCampaignForm = ({ campaign, modal }: { campaign: Campaign; modal: RecordModal }) => {
  const form = useForm<{ on: string }>({ mode: 'controlled', initialValues: { on: '' } });
  const command = useFormCommand(form, {
    resource: 'campaigns',
    send: (values, key) =>
      salesCommands.endCampaign(campaign.id, modal.version ?? campaign.version, dayOrToday(values.on), key),
    success: (updated) => `${updated.name} has ended`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="End campaign"
      danger
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'end', movedOn)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        An ended campaign takes no more spend or budget changes. Leads it brought in stay attributed to it.
      </Text>
      <DayInput label="Ended on" data-autofocus {...form.getInputProps('on')} />
    </CommandForm>
  );
};
