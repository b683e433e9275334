import { Button, Group, MultiSelect, Radio, Skeleton, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { CommandForm } from '../../components/CommandForm';
import { LoadError } from '../../components/ProblemAlert';
import { useFormCommand } from '../../lib/useCommand';
import { outboundApi, useEventTypes } from './outbound-api';
import { SecretOnce } from './SecretOnce';
import type {
  OutboundFormat,
  SubscribableEventType,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from './types';

interface EndpointValues {
  url: string;
  description: string;
  eventTypes: SubscribableEventType[];
  format: OutboundFormat;
  filters: string;
}

/** `field=value` lines as exact-match filters; numbers and booleans as themselves. */
const filtersOf = (text: string): Record<string, string | number | boolean> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [field, ...rest] = line.split('=');
        const raw = rest.join('=').trim();
        const value =
          raw === 'true' ? true : raw === 'false' ? false : /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
        return [field!.trim(), value];
      }),
  );

/**
 * Adding an outbound endpoint: where to send, which event types, optional filters and the format. The
 * platform makes its signing secret, shown here once after saving.
 */
export const EndpointForm = ({
  onDone,
  onCancel,
}: {
  onDone: (endpoint: WebhookEndpoint) => void;
  onCancel: () => void;
}) => {
  const types = useEventTypes();
  const [made, setMade] = useState<WebhookEndpointWithSecret | undefined>();
  const form = useForm<EndpointValues>({
    mode: 'controlled',
    initialValues: { url: '', description: '', eventTypes: [], format: 'standard-webhooks', filters: '' },
    validate: {
      url: (v) => (/^https?:\/\/.+/.test(v.trim()) ? null : 'Enter an http(s) URL'),
      eventTypes: (v) => (v.length ? null : 'Choose at least one event type'),
      filters: (v) =>
        v
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
          .every((l) => /^[^=]+=.*$/.test(l))
          ? null
          : 'One field=value per line',
    },
  });
  const command = useFormCommand(form, {
    resource: 'webhook-endpoints',
    send: (values, key) =>
      outboundApi.create(
        {
          url: values.url.trim(),
          description: values.description.trim(),
          eventTypes: values.eventTypes,
          format: values.format,
          filters: filtersOf(values.filters),
        },
        key,
      ),
    success: (endpoint) => `Sending to ${endpoint.url}`,
    onSuccess: (endpoint) => setMade(endpoint),
    problemFields: { 'invalid-input': 'url' },
  });

  if (made) {
    const { signingSecret, ...endpoint } = made;
    return made.format === 'slack' ? (
      <Stack>
        <Text size="sm">Slack ignores signatures: paste nothing into Slack, the URL is all it needs.</Text>
        <Group justify="flex-end">
          <Button onClick={() => onDone(endpoint)}>Done</Button>
        </Group>
      </Stack>
    ) : (
      <SecretOnce secret={signingSecret} onDone={() => onDone(endpoint)} />
    );
  }
  if (types.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading the event types">
        <Skeleton height={36} />
      </Stack>
    );
  if (types.isError)
    return <LoadError error={types.error} onRetry={() => void types.refetch()} what="the event types" />;

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Add endpoint"
      command={command}
    >
      <TextInput
        label="URL"
        required
        type="url"
        placeholder="https://example.com/webhooks"
        {...form.getInputProps('url')}
      />
      <TextInput label="Description" maxLength={500} {...form.getInputProps('description')} />
      <MultiSelect
        label="Event types"
        description="Each event of these types is sent to the endpoint"
        required
        searchable
        data={types.data.items.map((t) => ({ value: t.type, label: t.type }))}
        {...form.getInputProps('eventTypes')}
      />
      <Textarea
        label="Filters"
        description="Optional: one field=value per line; only events whose data has exactly these values are sent"
        autosize
        minRows={2}
        {...form.getInputProps('filters')}
      />
      <Radio.Group label="Format" {...form.getInputProps('format')}>
        <Stack gap="xs" mt="xs">
          <Radio
            value="standard-webhooks"
            label="Standard Webhooks: signed JSON { id, type, timestamp, data }"
          />
          <Radio value="slack" label="Slack incoming webhook: a { text } summary (unsigned)" />
        </Stack>
      </Radio.Group>
    </CommandForm>
  );
};
