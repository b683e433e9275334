import { PasswordInput, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { useFormCommand } from '../../lib/useCommand';
import { integrationsApi } from './api';
import type { Integration, IntegrationTemplate } from './types';

/** Replaces the credentials the person gives; a replaced signing secret keeps verifying for a day. */
export const RotateForm = ({
  integration,
  template,
  modal,
}: {
  integration: Integration;
  template: IntegrationTemplate | undefined;
  modal: RecordModal;
}) => {
  const fields = template?.credentials.filter((f) => f.source === 'entered') ?? [];
  const form = useForm({ mode: 'controlled', initialValues: { apiKey: '', signingSecret: '' } });
  const command = useFormCommand(form, {
    resource: 'integrations',
    send: (values, key) =>
      integrationsApi.rotate(
        integration.id,
        modal.version ?? integration.version,
        {
          ...(values.apiKey.trim() ? { apiKey: values.apiKey.trim() } : {}),
          ...(values.signingSecret.trim() ? { signingSecret: values.signingSecret.trim() } : {}),
        },
        key,
      ),
    success: (updated) => `${updated.name}: credentials replaced`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Replace"
      command={command}
      onReload={() => void modal.reload()}
      reloading={modal.reloading}
    >
      {fields.length === 0 ? (
        <Text size="sm">This template's credentials come from the provider; reconnect to replace them.</Text>
      ) : (
        fields.map((field) => (
          <PasswordInput
            key={field.name}
            label={`New ${field.label.toLowerCase()}`}
            description={field.help}
            autoComplete="off"
            {...form.getInputProps(field.name)}
          />
        ))
      )}
      <Text size="xs" c="dimmed">
        Leave a field empty to keep it. A replaced signing secret is still accepted for 24 hours, so a
        provider part-way through its own rotation is not refused.
      </Text>
    </CommandForm>
  );
};

export const DisableForm = ({ integration, modal }: { integration: Integration; modal: RecordModal }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : 'Say why, for the history') },
  });
  const command = useFormCommand(form, {
    resource: 'integrations',
    send: (values, key) =>
      integrationsApi.disable(
        integration.id,
        modal.version ?? integration.version,
        values.reason.trim(),
        key,
      ),
    success: (updated) => `${updated.name} is disabled`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Disable"
      danger
      command={command}
      onReload={() => void modal.reload()}
      reloading={modal.reloading}
    >
      <Text size="sm">Its webhook URL will refuse deliveries (410) until it is enabled again.</Text>
      <Textarea
        label="Reason"
        required
        maxLength={500}
        autosize
        minRows={2}
        {...form.getInputProps('reason')}
      />
    </CommandForm>
  );
};
