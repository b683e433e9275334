import { Button, Code, Grid, Group, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { IconKeyOff } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, CommandForm, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { shortId } from '../../lib/format';
import { useCommand } from '../../lib/useCommand';
import { ApiKeyStatusBadge, keyHint } from './ApiKeysPage';
import { apiKeysApi } from './api-keys-api';
import type { ApiKey } from './types';

const person = (p: { id: string; email?: string }) => p.email ?? p.id;

export default function ApiKeyPage() {
  const id = useParams().id ?? '';
  const apiKey = useRecord('api-keys', id);
  useDocumentTitle(`API key ${shortId(id)} · Firefly`);
  const revoke = useRecordModal('api-keys', apiKey.data);

  if (apiKey.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading API key">
        <Skeleton height={32} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  if (apiKey.isError)
    return (
      <>
        <PageHeader title="API key" trail={[{ label: 'API keys', to: '/api-keys' }]} />
        <LoadError error={apiKey.error} onRetry={() => void apiKey.refetch()} what="the API key" />
      </>
    );
  const k = apiKey.data;

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {k.name} <ApiKeyStatusBadge apiKey={k} />
          </Group>
        }
        trail={[{ label: 'API keys', to: '/api-keys' }]}
        actions={
          offers(k, 'revoke') && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconKeyOff size={16} aria-hidden />}
              onClick={revoke.open}
            >
              Revoke
            </Button>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section id="api-key-heading" title="API key">
            <Fields
              items={[
                { label: 'Key', value: <Code data-testid="api-key-hint">{keyHint(k)}</Code> },
                { label: 'Permissions', value: k.permissions.join(', ') },
                { label: 'Created', value: <Time iso={k.createdAt} withAbsolute /> },
                { label: 'Created by', value: person(k.createdBy) },
                { label: k.expired ? 'Expired' : 'Expires', value: <Time iso={k.expiresAt} withAbsolute /> },
                {
                  label: 'Last used',
                  value: k.lastUsedAt ? <Time iso={k.lastUsedAt} withAbsolute /> : 'Never',
                },
                ...(k.revokedAt
                  ? [
                      { label: 'Revoked', value: <Time iso={k.revokedAt} withAbsolute /> },
                      { label: 'Revoked by', value: k.revokedBy ? person(k.revokedBy) : '—' },
                      { label: 'Why', value: k.revokedReason ?? '—' },
                    ]
                  : []),
              ]}
            />
            <Text size="xs" c="dimmed" mt="sm">
              Calls send the key as Authorization: Bearer &lt;key&gt;. Last use is recorded at most once a
              minute.
            </Text>
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="api-keys" id={k.id} version={k.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={revoke.opened} onClose={revoke.close} title="Revoke the API key">
        <RevokeForm apiKey={k} modal={revoke} />
      </AppModal>
    </>
  );
}

const RevokeForm = ({ apiKey, modal }: { apiKey: ApiKey; modal: ReturnType<typeof useRecordModal> }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : 'Say why, for the history') },
  });
  const command = useCommand({
    resource: 'api-keys',
    send: (values: { reason: string }, key) => apiKeysApi.revoke(apiKey.id, values.reason.trim(), key),
    success: () => 'The API key is revoked',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => void command.run(values))}
      onCancel={modal.close}
      submitLabel="Revoke"
      danger
      command={{ ...command, fieldsShown: false }}
    >
      <Text size="sm">
        Calls with {keyHint(apiKey)} are refused from now on (within a minute in AWS). This cannot be undone:
        issue a new key instead.
      </Text>
      <TextInput label="Reason" required maxLength={500} {...form.getInputProps('reason')} />
    </CommandForm>
  );
};
