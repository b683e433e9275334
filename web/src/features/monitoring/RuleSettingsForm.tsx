import { Button, Checkbox, Group, NumberInput, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { api, change } from '../../api/client';
import { FormProblem } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { applyFieldErrors } from '../../lib/useCommand';
import { useAction } from '../security/hooks';
import { type AlertRule, monitoringKeys } from './api';

type ConditionKind = 'above' | 'below' | 'outside';

/** The form's flat shape: a threshold or a band, and both M of N windows as four numbers. */
interface SettingsValues {
  condition: { kind: ConditionKind; threshold: number | string; min: number | string; max: number | string };
  policy: {
    fire: { m: number | string; n: number | string };
    recover: { m: number | string; n: number | string };
  };
  channels: { console: boolean; email: boolean; webhookEndpointId: string | null };
}

const valuesOf = (rule: AlertRule): SettingsValues => ({
  condition:
    rule.condition.kind === 'outside'
      ? { kind: 'outside', threshold: '', min: rule.condition.min, max: rule.condition.max }
      : { kind: rule.condition.kind, threshold: rule.condition.threshold, min: '', max: '' },
  policy: rule.policy,
  channels: {
    console: rule.channels.console,
    email: rule.channels.email,
    webhookEndpointId: rule.channels.webhookEndpointId ?? null,
  },
});

/** An empty number box is sent as NaN, which the API refuses with the field named. */
const num = (value: number | string) => (value === '' ? Number.NaN : Number(value));

const bodyOf = (v: SettingsValues) => ({
  condition:
    v.condition.kind === 'outside'
      ? { kind: 'outside' as const, min: num(v.condition.min), max: num(v.condition.max) }
      : { kind: v.condition.kind, threshold: num(v.condition.threshold) },
  policy: {
    fire: { m: num(v.policy.fire.m), n: num(v.policy.fire.n) },
    recover: { m: num(v.policy.recover.m), n: num(v.policy.recover.n) },
  },
  channels: {
    console: v.channels.console,
    email: v.channels.email,
    ...(v.channels.webhookEndpointId ? { webhookEndpointId: v.channels.webhookEndpointId } : {}),
  },
});

/** The active outbound endpoints an alert may post to (people who may not list them see none). */
const useEndpoints = (enabled: boolean) =>
  useQuery({
    queryKey: ['webhook-endpoints', 'for-alerts'],
    enabled,
    queryFn: ({ signal }) =>
      api.get('/api/webhook-endpoints', { params: { query: { status: 'active', limit: 100 } }, signal }),
  });

const WindowInputs = ({
  form,
  side,
  label,
}: {
  form: ReturnType<typeof useForm<SettingsValues>>;
  side: 'fire' | 'recover';
  label: string;
}) => (
  <Group align="flex-end" gap="xs">
    <NumberInput
      // Firing counts breaching runs; recovering counts passing ones (the evaluator's two windows).
      label={`${label}: ${side === 'fire' ? 'breaching' : 'passing'} runs (M)`}
      min={1}
      max={60}
      allowDecimal={false}
      w={190}
      {...form.getInputProps(`policy.${side}.m`)}
    />
    <Text size="sm" pb={8}>
      of the last
    </Text>
    <NumberInput
      label="runs (N)"
      min={1}
      max={60}
      allowDecimal={false}
      w={110}
      {...form.getInputProps(`policy.${side}.n`)}
    />
  </Group>
);

/**
 * A rule's settings: its condition (a threshold or a band), its M of N to fire and, apart, to recover,
 * and where its changes go. Saved with If-Match; the API's 422s land on the fields they name.
 */
export function RuleSettingsForm({ rule, canListEndpoints }: { rule: AlertRule; canListEndpoints: boolean }) {
  const form = useForm<SettingsValues>({ initialValues: valuesOf(rule) });
  const endpoints = useEndpoints(canListEndpoints);
  const save = useAction(
    (values: SettingsValues) =>
      api.put('/api/monitoring/alerts/{id}/settings', {
        params: { path: { id: rule.id }, header: change(rule.version) },
        body: bodyOf(values),
      }),
    {
      success: () => 'Settings saved: the next check judges by them',
      refresh: [monitoringKeys.all],
      onDone: (saved) => form.setInitialValues(valuesOf(saved)),
    },
  );
  const kind = form.values.condition.kind;
  const options = (endpoints.data?.items ?? []).map((e) => ({
    value: e.id,
    label: e.description ? `${e.description} (${e.url})` : e.url,
  }));
  return (
    <Section id="alert-settings" title="Settings">
      <form
        aria-label="Alert rule settings"
        onSubmit={form.onSubmit((values) =>
          save.mutate(values, { onError: (error) => applyFieldErrors(form, error) }),
        )}
      >
        <Stack gap="sm">
          <Group align="flex-end">
            <SegmentedControl
              aria-label="Condition"
              data={[
                { value: 'above', label: 'Above' },
                { value: 'below', label: 'Below' },
                { value: 'outside', label: 'Outside a band' },
              ]}
              {...form.getInputProps('condition.kind')}
            />
            {kind === 'outside' ? (
              <>
                <NumberInput label="Min" w={130} {...form.getInputProps('condition.min')} />
                <NumberInput label="Max" w={130} {...form.getInputProps('condition.max')} />
              </>
            ) : (
              <NumberInput label="Threshold" w={150} {...form.getInputProps('condition.threshold')} />
            )}
            <Text size="sm" c="dimmed" pb={8}>
              measured: {rule.measure}
            </Text>
          </Group>
          <WindowInputs form={form} side="fire" label="Fire" />
          <WindowInputs form={form} side="recover" label="Recover" />
          <Group>
            <Checkbox
              label="Notify in the console"
              {...form.getInputProps('channels.console', { type: 'checkbox' })}
            />
            <Checkbox label="Email" {...form.getInputProps('channels.email', { type: 'checkbox' })} />
          </Group>
          {canListEndpoints && (
            <Select
              label="Also post to a webhook endpoint"
              placeholder={
                endpoints.isPending ? 'Loading endpoints…' : options.length ? 'None' : 'No active endpoints'
              }
              data={options}
              clearable
              w={{ base: '100%', sm: 420 }}
              {...form.getInputProps('channels.webhookEndpointId')}
            />
          )}
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save settings
            </Button>
            {form.isDirty() && (
              <Button variant="subtle" onClick={() => form.reset()}>
                Discard changes
              </Button>
            )}
          </Group>
          <FormProblem
            error={save.error ?? undefined}
            fieldsShown={save.error ? Object.keys(save.error.fieldErrors()).length > 0 : false}
          />
        </Stack>
      </form>
    </Section>
  );
}
