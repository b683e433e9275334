import { Badge, Button, Code, Grid, Group, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEye, IconKey, IconRefresh, IconRepeat } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { keys, useRecord } from '../../api/queries';
import { AppModal, CommandForm, useRecordModal } from '../../components/CommandForm';
import { Fields } from '../../components/Fields';
import { PagedRows } from '../../components/PagedRows';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { RecordTimeline } from '../../components/RecordTimeline';
import { Section } from '../../components/Section';
import { Time } from '../../components/Time';
import { offers } from '../../lib/actions';
import { shortId } from '../../lib/format';
import { useCommand } from '../../lib/useCommand';
import { StatusBadge, SwitchButtons } from './components';
import { outboundApi, useOutboundDeliveries } from './outbound-api';
import { SecretOnce } from './SecretOnce';
import { EndpointSyncSection } from './SyncSection';
import type { OutboundDelivery, WebhookEndpoint } from './types';

/** A call that is not a record command (reveal, replay): its own key per click, its problem kept. */
const useCall = <T,>(call: (key: string) => Promise<T>) => {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const run = async (): Promise<T | undefined> => {
    setPending(true);
    setProblem(undefined);
    try {
      return await call(crypto.randomUUID());
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error
          : new ApiError({
              type: 'about:blank',
              title: 'Something went wrong',
              status: 0,
              detail: String(error),
            }),
      );
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, problem };
};

const STATUS_COLORS = { pending: 'yellow', delivered: 'green', failed: 'red' } as const;
const STATUS_LABELS = { pending: 'Retrying', delivered: 'Delivered', failed: 'Failed' } as const;

const DeliveryRow = ({ delivery, endpointId }: { delivery: OutboundDelivery; endpointId: string }) => {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const retry = useCall(async (key) => {
    const updated = await outboundApi.retry(delivery.id, key);
    notifications.show({
      color: updated.status === 'delivered' ? 'green' : 'yellow',
      title: 'Retried',
      message: updated.status === 'delivered' ? 'Delivered' : 'The receiver refused it again',
    });
    await client.invalidateQueries({
      queryKey: [...keys.detail('webhook-endpoints', endpointId), 'deliveries'],
    });
    return updated;
  });
  const last = delivery.attempts.at(-1);
  return (
    <>
      <Table.Tr>
        <Table.Td>
          <Time iso={delivery.occurredAt} />
        </Table.Td>
        <Table.Td>
          {delivery.eventType}
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            webhook-id {delivery.id}
            {delivery.replay ? ' · replay' : ''}
          </Text>
        </Table.Td>
        <Table.Td>
          <Badge color={STATUS_COLORS[delivery.status]} variant="light" radius="sm">
            {STATUS_LABELS[delivery.status]}
          </Badge>
          {delivery.nextAttemptAt && (
            <Text size="xs" c="dimmed">
              Next attempt <Time iso={delivery.nextAttemptAt} />
            </Text>
          )}
          {delivery.failedReason && (
            <Text size="xs" c="dimmed">
              {delivery.failedReason}
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          {last
            ? `${last.statusCode ?? '—'} · ${last.latencyMs} ms · ${delivery.attempts.length} attempt(s)`
            : 'Not sent yet'}
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button size="xs" variant="subtle" onClick={() => setOpen(!open)} aria-expanded={open}>
              {open ? 'Hide' : 'Details'}
            </Button>
            {offers(delivery, 'retry') && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRefresh size={14} aria-hidden />}
                loading={retry.pending}
                onClick={() => void retry.run()}
              >
                Retry now
              </Button>
            )}
          </Group>
          <FormProblem error={retry.problem} fieldsShown={false} />
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr>
          <Table.Td colSpan={5}>
            <Text size="xs" fw={600}>
              Request body (data)
            </Text>
            <Code block style={{ maxHeight: 200, overflow: 'auto' }}>
              {JSON.stringify(delivery.data, null, 2)}
            </Code>
            <Table verticalSpacing={4} mt="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Attempt</Table.Th>
                  <Table.Th>At</Table.Th>
                  <Table.Th>Answer</Table.Th>
                  <Table.Th>Latency</Table.Th>
                  <Table.Th>Response (first 2 KB) or error</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {delivery.attempts.map((a) => (
                  <Table.Tr key={a.attempt}>
                    <Table.Td>
                      {a.attempt}
                      {a.manual ? ' (by hand)' : ''}
                    </Table.Td>
                    <Table.Td>
                      <Time iso={a.at} withAbsolute />
                    </Table.Td>
                    <Table.Td>{a.statusCode ?? '—'}</Table.Td>
                    <Table.Td>{a.latencyMs} ms</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text size="xs">{a.error ?? ''}</Text>
                      {a.responseBody && <Code>{a.responseBody}</Code>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
};

const DeliveryLog = ({ endpoint }: { endpoint: WebhookEndpoint }) => {
  const deliveries = useOutboundDeliveries(endpoint.id);
  return (
    <Section id="outbound-deliveries-heading" title="Delivery log">
      <PagedRows
        query={deliveries}
        what="deliveries"
        empty="Nothing sent yet. Each event of the subscribed types appears here within seconds."
      >
        {(rows) => (
          <Table.ScrollContainer minWidth={640}>
            <Table
              verticalSpacing="xs"
              aria-labelledby="outbound-deliveries-heading"
              data-testid="outbound-deliveries"
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Event at</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Last attempt</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
                  <DeliveryRow key={d.id} delivery={d} endpointId={endpoint.id} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </PagedRows>
    </Section>
  );
};

const local = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

const ReplayForm = ({ endpoint, onDone }: { endpoint: WebhookEndpoint; onDone: () => void }) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { from: local(new Date(Date.now() - 3600_000)), to: local(new Date()) },
    validate: { to: (v, values) => (v >= values.from ? null : 'The end must not be before the start') },
  });
  const client = useQueryClient();
  const [values, setValues] = useState(form.getValues());
  const replay = useCall(async (key) => {
    const result = await outboundApi.replay(
      endpoint.id,
      { from: new Date(values.from).toISOString(), to: new Date(values.to).toISOString() },
      key,
    );
    notifications.show({
      color: 'green',
      title: 'Replay queued',
      message: `${result.created} new and ${result.requeued} failed deliveries queued (${result.matched} events matched)`,
    });
    await client.invalidateQueries({
      queryKey: [...keys.detail('webhook-endpoints', endpoint.id), 'deliveries'],
    });
    onDone();
    return result;
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((v) => {
        setValues(v);
        void replay.run();
      })}
      onCancel={onDone}
      submitLabel="Replay"
      command={{ pending: replay.pending, problem: replay.problem, fieldsShown: false }}
    >
      <Text size="sm">
        Sends the range's events again under their original webhook-ids: failed deliveries are queued again,
        missing ones made, delivered ones left alone. The retry schedule sends them within a minute.
      </Text>
      <TextInput type="datetime-local" label="From" required {...form.getInputProps('from')} />
      <TextInput type="datetime-local" label="To" required {...form.getInputProps('to')} />
    </CommandForm>
  );
};

export default function EndpointPage() {
  const id = useParams().id ?? '';
  const endpoint = useRecord('webhook-endpoints', id);
  useDocumentTitle(`Webhook endpoint ${shortId(id)} · Firefly`);
  const [secret, setSecret] = useState<string | undefined>();
  const [replaying, setReplaying] = useState(false);
  const disable = useRecordModal('webhook-endpoints', endpoint.data);
  const rotate = useCommand({
    resource: 'webhook-endpoints',
    send: (record: WebhookEndpoint, key) => outboundApi.rotate(record.id, record.version, key),
    success: () => 'A new signing secret is in use; the previous one signs too for 24 hours',
    onSuccess: (updated) => setSecret(updated.signingSecret),
  });
  const enable = useCommand({
    resource: 'webhook-endpoints',
    send: (record: WebhookEndpoint, key) => outboundApi.enable(record.id, record.version, key),
    success: () => 'The endpoint is enabled',
  });
  const reveal = useCall(async (key) => {
    const revealed = await outboundApi.reveal(id, key);
    setSecret(revealed.signingSecret);
    return revealed;
  });

  if (endpoint.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading endpoint">
        <Skeleton height={32} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  if (endpoint.isError)
    return (
      <>
        <PageHeader
          title="Webhook endpoint"
          trail={[{ label: 'Webhook endpoints', to: '/webhook-endpoints' }]}
        />
        <LoadError error={endpoint.error} onRetry={() => void endpoint.refetch()} what="the endpoint" />
      </>
    );
  const e = endpoint.data;
  const standard = e.format === 'standard-webhooks';

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {e.description || e.url} <StatusBadge status={e.status} />
          </Group>
        }
        trail={[{ label: 'Webhook endpoints', to: '/webhook-endpoints' }]}
        actions={
          <Group gap="xs">
            {offers(e, 'replay') && (
              <Button
                variant="default"
                leftSection={<IconRepeat size={16} aria-hidden />}
                onClick={() => setReplaying(true)}
              >
                Replay
              </Button>
            )}
            <SwitchButtons
              record={e}
              onDisable={disable.open}
              enabling={enable.pending}
              onEnable={() => void enable.run(e)}
            />
          </Group>
        }
      />
      <FormProblem error={enable.problem ?? rotate.problem ?? reveal.problem} fieldsShown={false} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Section id="endpoint-heading" title="Endpoint">
              <Fields
                items={[
                  { label: 'URL', value: <Code style={{ overflowWrap: 'anywhere' }}>{e.url}</Code> },
                  {
                    label: 'Format',
                    value: standard ? 'Standard Webhooks (signed)' : 'Slack incoming webhook',
                  },
                  { label: 'Event types', value: e.eventTypes.join(', ') },
                  ...(Object.keys(e.filters).length
                    ? [
                        {
                          label: 'Filters',
                          value: Object.entries(e.filters)
                            .map(([k, v]) => `${k} = ${String(v)}`)
                            .join(', '),
                        },
                      ]
                    : []),
                  { label: 'Owner', value: e.owner.email ?? e.owner.id },
                  ...(e.failingSince
                    ? [{ label: 'Failing since', value: <Time iso={e.failingSince} withAbsolute /> }]
                    : []),
                  ...(e.disabledReason ? [{ label: 'Disabled because', value: e.disabledReason }] : []),
                  { label: 'Added', value: <Time iso={e.createdAt} withAbsolute /> },
                ]}
              />
              {e.failingSince && (
                <Text size="xs" c="dimmed" mt="sm">
                  An endpoint whose every delivery fails for 5 days is disabled and its owner told (in this
                  history; email and the notification centre are to come).
                </Text>
              )}
            </Section>
            {standard && (
              <Section
                id="secret-heading"
                title="Signing secret"
                actions={
                  <Group gap="xs">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconEye size={14} aria-hidden />}
                      loading={reveal.pending}
                      onClick={() => void reveal.run()}
                    >
                      Reveal
                    </Button>
                    {offers(e, 'rotate-secret') && (
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconKey size={14} aria-hidden />}
                        loading={rotate.pending}
                        onClick={() => void rotate.run(e)}
                      >
                        Rotate
                      </Button>
                    )}
                  </Group>
                }
              >
                <Text size="sm" data-testid="secret-hint">
                  whsec_••••{e.secret.last4}{' '}
                  <Text span size="xs" c="dimmed">
                    sha256 {e.secret.fingerprint}
                  </Text>
                </Text>
                {e.previousSignsUntil && Date.parse(e.previousSignsUntil) > Date.now() && (
                  <Text size="xs" mt="sm">
                    Deliveries are also signed with the previous secret until{' '}
                    <Time iso={e.previousSignsUntil} withAbsolute />.
                  </Text>
                )}
                <Text size="xs" c="dimmed" mt="sm">
                  Revealing the secret is recorded in the audit log.
                </Text>
              </Section>
            )}
            <EndpointSyncSection id={e.id} />
            <DeliveryLog endpoint={e} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="webhook-endpoints" id={e.id} version={e.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={secret !== undefined} onClose={() => setSecret(undefined)} title="Signing secret">
        {secret && <SecretOnce secret={secret} onDone={() => setSecret(undefined)} />}
      </AppModal>
      <AppModal opened={replaying} onClose={() => setReplaying(false)} title="Replay a time range">
        <ReplayForm endpoint={e} onDone={() => setReplaying(false)} />
      </AppModal>
      <AppModal opened={disable.opened} onClose={disable.close} title="Disable the endpoint">
        <DisableEndpointForm endpoint={e} modal={disable} />
      </AppModal>
    </>
  );
}

const DisableEndpointForm = ({
  endpoint,
  modal,
}: {
  endpoint: WebhookEndpoint;
  modal: ReturnType<typeof useRecordModal>;
}) => {
  const form = useForm({
    mode: 'controlled',
    initialValues: { reason: '' },
    validate: { reason: (v) => (v.trim() ? null : 'Say why, for the history') },
  });
  const command = useCommand({
    resource: 'webhook-endpoints',
    send: (values: { reason: string }, key) =>
      outboundApi.disable(endpoint.id, modal.version ?? endpoint.version, values.reason.trim(), key),
    success: () => 'The endpoint is disabled',
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => void command.run(values))}
      onCancel={modal.close}
      submitLabel="Disable"
      danger
      command={{ ...command, fieldsShown: false }}
      onReload={() => void modal.reload()}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Nothing is sent to it until it is enabled again; pending deliveries fail (a replay can send them
        later).
      </Text>
      <TextInput label="Reason" required maxLength={500} {...form.getInputProps('reason')} />
    </CommandForm>
  );
};
