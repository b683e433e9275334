import { Checkbox, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useSession } from '../../app/session';
import { CommandForm } from '../../components/CommandForm';
import { useFormCommand } from '../../lib/useCommand';
import { apiKeysApi } from './api-keys-api';
import { SecretOnce } from './SecretOnce';
import type { ApiKey, IssuedApiKey, PermissionName } from './types';

const DAY_MS = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

interface KeyValues {
  name: string;
  permissions: PermissionName[];
  expires: string;
}

/**
 * Issuing an API key: a name, some of the issuer's own permissions (the API refuses more) and an expiry
 * (90 days unless chosen, at most a year). The key is shown once, after saving.
 */
export const ApiKeyForm = ({ onDone, onCancel }: { onDone: (key: ApiKey) => void; onCancel: () => void }) => {
  const { me } = useSession();
  const mine = (me?.permissions ?? []) as PermissionName[];
  const [issued, setIssued] = useState<IssuedApiKey | undefined>();
  const today = new Date();
  const form = useForm<KeyValues>({
    mode: 'controlled',
    initialValues: { name: '', permissions: [], expires: day(new Date(today.getTime() + 90 * DAY_MS)) },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the key after who uses it'),
      permissions: (v) => (v.length ? null : 'Choose at least one permission'),
      expires: (v) =>
        v > day(today) && v <= day(new Date(today.getTime() + 365 * DAY_MS))
          ? null
          : 'Choose a day after today and at most a year ahead',
    },
  });
  const command = useFormCommand(form, {
    resource: 'api-keys',
    send: (values, key) =>
      apiKeysApi.issue(
        {
          name: values.name.trim(),
          permissions: values.permissions,
          expiresAt: new Date(`${values.expires}T23:59:59`).toISOString(),
        },
        key,
      ),
    success: (key) => `Issued ${key.name}`,
    onSuccess: (key) => setIssued(key),
    problemFields: {
      'permissions-not-held': 'permissions',
      'expiry-too-far': 'expires',
      'expiry-in-past': 'expires',
    },
  });

  if (issued) {
    const { key, ...record } = issued;
    return (
      <SecretOnce
        secret={key}
        what="API key"
        testId="api-key"
        explanation="Give it to the system that calls the API. Only its hash is kept: it is not shown again; if it is lost, revoke it and issue another."
        note="Calls send it as Authorization: Bearer <key>."
        onDone={() => onDone(record)}
      />
    );
  }

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Issue key"
      command={command}
    >
      <TextInput label="Name" required maxLength={120} {...form.getInputProps('name')} />
      <Checkbox.Group
        label="Permissions"
        description="What the key may do: some of your own permissions"
        required
        {...form.getInputProps('permissions')}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4} mt="xs">
          {mine.map((permission) => (
            <Checkbox key={permission} value={permission} label={permission} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Stack gap={2}>
        <TextInput type="date" label="Expires" required {...form.getInputProps('expires')} />
        <Text size="xs" c="dimmed">
          At the end of that day; at most a year ahead.
        </Text>
      </Stack>
    </CommandForm>
  );
};
