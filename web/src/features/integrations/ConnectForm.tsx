import { Card, Group, PasswordInput, Radio, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CommandForm } from '../../components/CommandForm';
import { LoadError } from '../../components/ProblemAlert';
import { useFormCommand } from '../../lib/useCommand';
import { integrationsApi, useTemplates } from './api';
import type { Integration, IntegrationTemplate, TemplateId } from './types';

interface ConnectValues {
  template: TemplateId | '';
  name: string;
  baseUrl: string;
  apiKey: string;
  signingSecret: string;
}

const entered = (template: IntegrationTemplate | undefined) =>
  template?.credentials.filter((field) => field.source === 'entered') ?? [];

/**
 * Connecting a third party: pick a template from the catalogue, then give what it needs. Secrets go to
 * the API once and are never shown again (only a fingerprint and their last four characters).
 */
export const ConnectForm = ({
  onDone,
  onCancel,
}: {
  onDone: (integration: Integration) => void;
  onCancel: () => void;
}) => {
  const templates = useTemplates();
  const form = useForm<ConnectValues>({
    mode: 'controlled',
    initialValues: { template: '', name: '', baseUrl: '', apiKey: '', signingSecret: '' },
    validate: {
      template: (v) => (v ? null : 'Choose what to connect'),
      name: (v) => (v.trim() ? null : 'Name the connection'),
      baseUrl: (v, values) =>
        chosen(values.template)?.needsBaseUrl && !v.trim() ? "Enter the provider's API base URL" : null,
      apiKey: (v, values) =>
        entered(chosen(values.template)).some((f) => f.name === 'apiKey') && !v.trim()
          ? 'Enter the API key'
          : null,
      signingSecret: (v, values) =>
        entered(chosen(values.template)).some((f) => f.name === 'signingSecret') && !v.trim()
          ? 'Enter the signing secret'
          : null,
    },
  });
  const chosen = (id: TemplateId | '') => templates.data?.items.find((t) => t.id === id);
  const template = chosen(form.getValues().template);
  const command = useFormCommand(form, {
    resource: 'integrations',
    send: (values, key) =>
      integrationsApi.connect(
        {
          template: values.template as TemplateId,
          name: values.name.trim(),
          ...(template?.needsBaseUrl ? { baseUrl: values.baseUrl.trim() } : {}),
          ...(values.apiKey.trim() ? { apiKey: values.apiKey.trim() } : {}),
          ...(values.signingSecret.trim() ? { signingSecret: values.signingSecret.trim() } : {}),
        },
        key,
      ),
    success: (integration) => `${integration.name} is connected`,
    onSuccess: onDone,
    problemFields: { 'provider-refused-credential': 'apiKey' },
  });

  if (templates.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading the catalogue">
        <Skeleton height={60} />
        <Skeleton height={60} />
      </Stack>
    );
  if (templates.isError)
    return (
      <LoadError error={templates.error} onRetry={() => void templates.refetch()} what="the catalogue" />
    );

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Connect"
      command={command}
    >
      <Radio.Group label="What to connect" required {...form.getInputProps('template')}>
        <Stack gap="xs" mt="xs">
          {templates.data.items.map((t) => (
            <Card key={t.id} withBorder padding="sm" component="label" style={{ cursor: 'pointer' }}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio value={t.id} aria-label={t.name} mt={3} />
                <div>
                  <Text fw={600} size="sm">
                    {t.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t.description}
                  </Text>
                </div>
              </Group>
            </Card>
          ))}
        </Stack>
      </Radio.Group>
      {template && (
        <>
          <TextInput label="Name" required maxLength={120} {...form.getInputProps('name')} />
          {template.needsBaseUrl && (
            <TextInput
              label="Provider API base URL"
              description="For the local payments sandbox, the URL npm start prints"
              required
              type="url"
              {...form.getInputProps('baseUrl')}
            />
          )}
          {entered(template).map((field) => (
            <PasswordInput
              key={field.name}
              label={field.label}
              description={field.help}
              required
              autoComplete="off"
              {...form.getInputProps(field.name)}
            />
          ))}
          {template.credentials
            .filter((field) => field.source === 'provider')
            .map((field) => (
              <Text key={field.name} size="xs" c="dimmed">
                {field.label}: {field.help}
              </Text>
            ))}
        </>
      )}
    </CommandForm>
  );
};
