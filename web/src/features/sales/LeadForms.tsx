import { Checkbox, Radio, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { keys } from '../../api/queries';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { offers } from '../../lib/actions';
import { toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';
import { useOrderableModels } from '../orders/HomeChoice';
import { salesCommands } from './api';
import { DayInput, dayOrToday } from './components';
import { optional, reloadRecord } from './forms';
import {
  CHANNEL_LABELS,
  CONTACT_LABELS,
  choices,
  DISQUALIFY_LABELS,
  LEAD_STATUS_LABELS,
  TIMELINE_LABELS,
} from './labels';
import type { BuyingTimeline, Campaign, ContactMethod, DisqualifyReason, Lead, LeadChannel } from './types';

const required = (message: string) => (value: string | null) => (value?.toString().trim() ? null : message);

/** Campaigns a new lead can be attributed to: the active ones. */
const useActiveCampaigns = () =>
  useQuery({
    queryKey: ['campaigns', 'choices', 'active'],
    queryFn: async ({ signal }) =>
      (await api.get('/api/campaigns', { params: { query: { status: 'active', limit: 100 } }, signal }))
        .items,
  });

interface CaptureValues {
  name: string;
  email: string;
  phone: string;
  channel: LeadChannel | null;
  campaignId: string | null;
  interestModelId: string | null;
  marketingConsent: boolean;
  note: string;
  on: string;
}

/** A new lead: who, how they found us (channel and campaign), what they are interested in. */
export const CaptureLeadForm = ({
  campaign,
  onDone,
  onCancel,
}: {
  /** Attribute to this campaign from the start (capturing from a campaign's page or filtered list). */
  campaign?: Campaign;
  onDone: (lead: Lead) => void;
  onCancel: () => void;
}) => {
  const form = useForm<CaptureValues>({
    mode: 'controlled',
    initialValues: {
      name: '',
      email: '',
      phone: '',
      channel: campaign?.channel ?? null,
      campaignId: campaign?.id ?? null,
      interestModelId: null,
      marketingConsent: false,
      note: '',
      on: '',
    },
    validate: {
      name: required('Enter a name'),
      email: required('Enter an email address'),
      channel: required('Choose where the lead came from'),
    },
  });
  const campaigns = useActiveCampaigns();
  const models = useOrderableModels();
  const campaignChoices = [
    ...(campaign && !campaigns.data?.some((c) => c.id === campaign.id) ? [campaign] : []),
    ...(campaigns.data ?? []),
  ].map((c) => ({ value: c.id, label: `${c.name} · ${CHANNEL_LABELS[c.channel]}` }));

  const command = useFormCommand(form, {
    resource: 'leads',
    send: (values, key) =>
      salesCommands.captureLead(
        {
          name: values.name.trim(),
          email: values.email.trim(),
          phone: optional(values.phone),
          channel: values.channel ?? 'web_form',
          campaignId: values.campaignId ?? undefined,
          interestModelId: values.interestModelId ?? undefined,
          marketingConsent: values.marketingConsent,
          note: optional(values.note),
          on: dayOrToday(values.on),
        },
        key,
      ),
    success: (lead) => `${lead.name} is captured as a lead`,
    onSuccess: onDone,
  });

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Capture lead"
      command={command}
    >
      <TextInput label="Name" required autoComplete="off" data-autofocus {...form.getInputProps('name')} />
      <TextInput label="Email" type="email" required autoComplete="off" {...form.getInputProps('email')} />
      <TextInput
        label="Phone"
        type="tel"
        autoComplete="off"
        description="Optional, 7-20 digits"
        {...form.getInputProps('phone')}
      />
      <Select
        label="Channel"
        required
        placeholder="Where the lead came from"
        data={choices(CHANNEL_LABELS)}
        {...form.getInputProps('channel')}
      />
      <Select
        label="Campaign"
        placeholder={campaigns.isPending ? 'Loading campaigns…' : 'None'}
        description="Optional: the campaign that brought the lead in"
        clearable
        data={campaignChoices}
        nothingFoundMessage="No active campaigns"
        {...form.getInputProps('campaignId')}
        onChange={(value) => {
          form.setFieldValue('campaignId', value);
          // A campaign runs on one channel: the lead came in through it.
          const chosen = [campaign, ...(campaigns.data ?? [])].find((c) => c?.id === value);
          if (chosen) form.setFieldValue('channel', chosen.channel);
        }}
      />
      <Select
        label="Interested in"
        placeholder={models.isPending ? 'Loading models…' : 'No model yet'}
        clearable
        data={(models.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
        {...form.getInputProps('interestModelId')}
      />
      <Checkbox
        label="Agrees to receive marketing email"
        {...form.getInputProps('marketingConsent', { type: 'checkbox' })}
      />
      <Textarea label="Note" autosize minRows={2} maxLength={1000} {...form.getInputProps('note')} />
      <DayInput label="Captured on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

const movedOn = (lead: Lead) => ({
  title: 'The lead moved on',
  message: `It is now ${LEAD_STATUS_LABELS[lead.status].toLowerCase()}. Nothing was changed by you.`,
});

type Outcome = 'none' | 'qualify' | 'disqualify';

interface ContactValues {
  method: ContactMethod | null;
  summary: string;
  on: string;
  outcome: Outcome;
  disqualify: DisqualifyReason | null;
  qualify: { timeline: BuyingTimeline | null; budgetCents: number | string };
}

/** A call, email or meeting; what was learnt can qualify or close the lead in the same step. */
export const LogContactForm = ({ lead, modal }: { lead: Lead; modal: RecordModal }) => {
  const form = useForm<ContactValues>({
    mode: 'controlled',
    initialValues: {
      method: null,
      summary: '',
      on: '',
      outcome: 'none',
      disqualify: null,
      qualify: { timeline: null, budgetCents: '' },
    },
    validate: {
      method: required('Choose how you were in touch'),
      summary: required('Say what was discussed'),
      disqualify: (value, values) =>
        values.outcome === 'disqualify' && !value ? 'Choose why the lead will not buy' : null,
      qualify: {
        timeline: (value, values) =>
          values.outcome === 'qualify' && !value ? 'Choose when they plan to buy' : null,
      },
    },
  });
  const { outcome } = form.values;
  const command = useFormCommand(form, {
    resource: 'leads',
    send: (values, key) =>
      salesCommands.logLeadContact(
        lead.id,
        {
          method: values.method ?? 'email',
          summary: values.summary.trim(),
          on: dayOrToday(values.on),
          ...(values.outcome === 'disqualify' && values.disqualify ? { disqualify: values.disqualify } : {}),
          ...(values.outcome === 'qualify' && values.qualify.timeline
            ? {
                qualify: {
                  timeline: values.qualify.timeline,
                  ...(values.qualify.budgetCents === ''
                    ? {}
                    : { budgetCents: toCents(values.qualify.budgetCents) }),
                },
              }
            : {}),
        },
        key,
      ),
    success: (updated) =>
      updated.status === 'qualified' && lead.status !== 'qualified'
        ? `Contact logged; ${updated.name} is qualified`
        : updated.status === 'disqualified'
          ? `Contact logged; ${updated.name} is closed`
          : 'Contact logged',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={modal.close}
      submitLabel="Log contact"
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'log-contact', movedOn)}
      reloading={modal.reloading}
    >
      <Select
        label="How"
        required
        placeholder="Call, email, meeting…"
        data={choices(CONTACT_LABELS)}
        data-autofocus
        {...form.getInputProps('method')}
      />
      <Textarea
        label="Summary"
        required
        autosize
        minRows={2}
        maxLength={1000}
        {...form.getInputProps('summary')}
      />
      <DayInput label="Contacted on" {...form.getInputProps('on')} />
      <Radio.Group label="Outcome" {...form.getInputProps('outcome')}>
        <Stack gap={6} mt={6}>
          <Radio value="none" label="Still talking" />
          {offers(lead, 'qualify') && (
            <Radio value="qualify" label="Qualifies: budget, land and a timeline" />
          )}
          <Radio value="disqualify" label="Will not buy: close the lead" />
        </Stack>
      </Radio.Group>
      {outcome === 'qualify' && (
        <>
          <Select
            label="Buying timeline"
            required
            data={choices(TIMELINE_LABELS)}
            {...form.getInputProps('qualify.timeline')}
          />
          <MoneyInput label="Budget" description="Optional" {...form.getInputProps('qualify.budgetCents')} />
        </>
      )}
      {outcome === 'disqualify' && (
        <Select
          label="Reason"
          required
          data={choices(DISQUALIFY_LABELS)}
          {...form.getInputProps('disqualify')}
        />
      )}
    </CommandForm>
  );
};

interface QualifyValues {
  timeline: BuyingTimeline | null;
  budgetCents: number | string;
  on: string;
}

export const QualifyLeadForm = ({ lead, modal }: { lead: Lead; modal: RecordModal }) => {
  const form = useForm<QualifyValues>({
    mode: 'controlled',
    initialValues: { timeline: null, budgetCents: '', on: '' },
    validate: { timeline: required('Choose when they plan to buy') },
  });
  const command = useFormCommand(form, {
    resource: 'leads',
    send: (values, key) =>
      salesCommands.qualifyLead(
        lead.id,
        modal.version ?? lead.version,
        {
          timeline: values.timeline ?? 'later',
          ...(values.budgetCents === '' ? {} : { budgetCents: toCents(values.budgetCents) }),
          on: dayOrToday(values.on),
        },
        key,
      ),
    success: (updated) => `${updated.name} is qualified`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Qualify lead"
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'qualify', movedOn)}
      reloading={modal.reloading}
    >
      <Text size="sm">A qualified lead has the budget, the land and a timeline to buy.</Text>
      <Select
        label="Buying timeline"
        required
        data={choices(TIMELINE_LABELS)}
        data-autofocus
        {...form.getInputProps('timeline')}
      />
      <MoneyInput label="Budget" description="Optional" {...form.getInputProps('budgetCents')} />
      <DayInput label="Qualified on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

interface DisqualifyValues {
  reason: DisqualifyReason | null;
  note: string;
  on: string;
}

export const DisqualifyLeadForm = ({ lead, modal }: { lead: Lead; modal: RecordModal }) => {
  const form = useForm<DisqualifyValues>({
    mode: 'controlled',
    initialValues: { reason: null, note: '', on: '' },
    validate: { reason: required('Choose why the lead will not buy') },
  });
  const command = useFormCommand(form, {
    resource: 'leads',
    send: (values, key) =>
      salesCommands.disqualifyLead(
        lead.id,
        modal.version ?? lead.version,
        { reason: values.reason ?? 'not_interested', note: optional(values.note), on: dayOrToday(values.on) },
        key,
      ),
    success: (updated) => `${updated.name} is closed as disqualified`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Disqualify lead"
      danger
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'disqualify', movedOn)}
      reloading={modal.reloading}
    >
      <Text size="sm">The lead is closed and leaves the funnel. This cannot be undone.</Text>
      <Select
        label="Reason"
        required
        data={choices(DISQUALIFY_LABELS)}
        data-autofocus
        {...form.getInputProps('reason')}
      />
      <Textarea label="Note" autosize minRows={2} maxLength={1000} {...form.getInputProps('note')} />
      <DayInput label="Closed on" {...form.getInputProps('on')} />
    </CommandForm>
  );
};

/** A qualified lead becomes a customer with its details and consent; the lead then links to them. */
export const ConvertLeadForm = ({ lead, modal }: { lead: Lead; modal: RecordModal }) => {
  const client = useQueryClient();
  const form = useForm<{ on: string }>({ mode: 'controlled', initialValues: { on: '' } });
  const command = useFormCommand(form, {
    resource: 'leads',
    send: async (values, key) => {
      const { lead: converted, customer } = await salesCommands.convertLead(
        lead.id,
        modal.version ?? lead.version,
        dayOrToday(values.on),
        key,
      );
      client.setQueryData(keys.detail('customers', customer.id), customer);
      void client.invalidateQueries({ queryKey: keys.resource('customers') });
      return converted;
    },
    success: (converted) => `${converted.name} is now a customer`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Convert to customer"
      command={command}
      onReload={() => void reloadRecord(modal, command.clearProblem, 'convert', movedOn)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        {lead.name} ({lead.email}) is registered as a customer
        {lead.marketingConsent ? ', with their consent to marketing' : ''}. The lead closes as converted.
      </Text>
      <DayInput label="Converted on" data-autofocus {...form.getInputProps('on')} />
    </CommandForm>
  );
};

/** Consent to marketing, given or withdrawn; the API records only a change. */
export const LeadConsentForm = ({ lead, modal }: { lead: Lead; modal: RecordModal }) => {
  const form = useForm<{ marketingConsent: boolean }>({
    mode: 'controlled',
    initialValues: { marketingConsent: lead.marketingConsent },
  });
  const command = useFormCommand(form, {
    resource: 'leads',
    send: (values, key) => salesCommands.setLeadConsent(lead.id, values.marketingConsent, key),
    success: (updated) =>
      updated.marketingConsent ? `${updated.name} agreed to marketing` : `${updated.name} withdrew consent`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) =>
        values.marketingConsent === lead.marketingConsent ? modal.close() : command.submit(values),
      )}
      onCancel={modal.close}
      submitLabel="Save consent"
      command={command}
    >
      <Checkbox
        label="Agrees to receive marketing email"
        data-autofocus
        {...form.getInputProps('marketingConsent', { type: 'checkbox' })}
      />
    </CommandForm>
  );
};
