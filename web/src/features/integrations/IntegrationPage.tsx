import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Code,
  CopyButton,
  Grid,
  Group,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconCheck, IconCopy, IconKey, IconPlayerPlay } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { useRecord } from '../../api/queries';
import { AppModal, useRecordModal } from '../../components/CommandForm';
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
import { integrationsApi, useDeliveries, useTemplates } from './api';
import { DeliveryBadge, StatusBadge, SwitchButtons } from './components';
import { DisableForm, RotateForm } from './IntegrationForms';
import { CHECK_LABELS, OUTCOME_COLORS, OUTCOME_LABELS } from './labels';
import { SyncSection } from './SyncSection';
import type { Integration } from './types';

const WebhookUrl = ({ url }: { url: string }) => (
  <Group gap={4} wrap="nowrap">
    <Code style={{ overflowWrap: 'anywhere' }} data-testid="webhook-url">
      {url}
    </Code>
    <CopyButton value={url}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy the webhook URL'}>
          <ActionIcon variant="subtle" onClick={copy} aria-label="Copy the webhook URL">
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  </Group>
);

/** Runs the connection test and shows each check's result and time. */
const ConnectionTest = ({ integration }: { integration: Integration }) => {
  const test = useCommand({
    resource: 'integrations',
    send: (_: undefined, key) => integrationsApi.test(integration.id, key),
    success: (updated) =>
      updated.lastTest?.failed ? `${updated.lastTest.failed} check(s) failed` : 'Every check passed',
  });
  const last = integration.lastTest;
  return (
    <Section
      id="test-heading"
      title="Connection test"
      actions={
        offers(integration, 'test') && (
          <Button
            size="xs"
            leftSection={<IconPlayerPlay size={14} aria-hidden />}
            loading={test.pending}
            onClick={() => void test.run(undefined, Date.now())}
          >
            Run test
          </Button>
        )
      }
    >
      <FormProblem error={test.problem} fieldsShown={false} />
      {!last ? (
        <Text size="sm" c="dimmed">
          Not tested yet. The test checks the provider is reachable over TLS, the credential is accepted, the
          permissions, and sends a signed test delivery to the webhook URL.
        </Text>
      ) : (
        <>
          <Text size="sm" mb="xs">
            Ran <Time iso={last.at} withAbsolute />: {last.passed} passed, {last.failed} failed.
          </Text>
          <Table verticalSpacing="xs" aria-labelledby="test-heading" data-testid="connection-checks">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Check</Table.Th>
                <Table.Th>Result</Table.Th>
                <Table.Th ta="right">Time</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {last.checks.map((check) => (
                <Table.Tr key={check.check}>
                  <Table.Td>
                    {CHECK_LABELS[check.check]}
                    <Text size="xs" c="dimmed">
                      {check.detail}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {/* Never squeezed into an ellipsis: the result is the point of the row. */}
                    <Badge
                      color={OUTCOME_COLORS[check.outcome]}
                      variant="light"
                      radius="sm"
                      style={{ overflow: 'visible' }}
                      miw="max-content"
                    >
                      {OUTCOME_LABELS[check.outcome]}
                    </Badge>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {check.ms} ms
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Section>
  );
};

/** The deliveries the provider sent, with what each became; refreshed while open. */
const Deliveries = ({ id }: { id: string }) => {
  const deliveries = useDeliveries(id);
  return (
    <Section id="deliveries-heading" title="Delivery log">
      <PagedRows
        query={deliveries}
        what="deliveries"
        empty="No deliveries yet. They appear here within seconds of the provider sending them."
      >
        {(rows) => (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing="xs" aria-labelledby="deliveries-heading" data-testid="deliveries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Received</Table.Th>
                  <Table.Th>Event</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>Record</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>
                      <Time iso={d.receivedAt} />
                    </Table.Td>
                    <Table.Td>
                      {d.eventType}
                      <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {d.providerEventId}
                        {d.verifiedWith === 'previous' ? ' · previous secret' : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DeliveryBadge status={d.status} />
                      {d.detail && (
                        <Text size="xs" c="dimmed">
                          {d.detail}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {d.record ? (
                        <Anchor component={Link} to={`/${d.record.kind}s/${d.record.id}`} size="sm">
                          {d.record.kind} {shortId(d.record.id)}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </PagedRows>
    </Section>
  );
};

export default function IntegrationPage() {
  const id = useParams().id ?? '';
  const integration = useRecord('integrations', id);
  const templates = useTemplates();
  useDocumentTitle(`Integration ${shortId(id)} · Firefly`);
  const rotate = useRecordModal('integrations', integration.data);
  const disable = useRecordModal('integrations', integration.data);
  const enable = useCommand({
    resource: 'integrations',
    send: (record: Integration, key) => integrationsApi.enable(record.id, record.version, key),
    success: (updated) => `${updated.name} is enabled`,
  });

  if (integration.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading integration">
        <Skeleton height={32} width="40%" />
        <Skeleton height={200} />
      </Stack>
    );
  if (integration.isError)
    return (
      <>
        <PageHeader title="Integration" trail={[{ label: 'Integrations', to: '/integrations' }]} />
        <LoadError
          error={integration.error}
          onRetry={() => void integration.refetch()}
          what="the integration"
        />
      </>
    );
  const i = integration.data;
  const template = templates.data?.items.find((t) => t.id === i.template);

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {i.name} <StatusBadge status={i.status} />
            {i.alert && (
              <Badge color="red" variant="filled" radius="sm">
                Alert
              </Badge>
            )}
          </Group>
        }
        description={template?.description}
        trail={[{ label: 'Integrations', to: '/integrations' }]}
        actions={
          <Group gap="xs">
            {offers(i, 'rotate-credentials') && (
              <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={rotate.open}>
                Replace credentials
              </Button>
            )}
            <SwitchButtons
              record={i}
              onDisable={disable.open}
              enabling={enable.pending}
              onEnable={() => void enable.run(i)}
            />
          </Group>
        }
      />
      <FormProblem error={enable.problem} fieldsShown={false} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="lg">
            <Section id="connection-heading" title="Connection">
              <Fields
                items={[
                  { label: 'Template', value: template?.name ?? i.template },
                  { label: 'Webhook URL', value: <WebhookUrl url={i.webhookUrl} /> },
                  ...(i.baseUrl ? [{ label: 'Provider API', value: i.baseUrl }] : []),
                  ...(i.providerEndpointId
                    ? [{ label: 'Provider endpoint', value: i.providerEndpointId }]
                    : []),
                  ...(i.disabledReason ? [{ label: 'Disabled because', value: i.disabledReason }] : []),
                  { label: 'Connected', value: <Time iso={i.createdAt} withAbsolute /> },
                ]}
              />
            </Section>
            <Section id="credentials-heading" title="Credentials">
              <Text size="xs" c="dimmed" mb="sm">
                Stored encrypted; never shown again. Each is recognisable by its fingerprint and last four
                characters.
              </Text>
              <Fields
                items={Object.entries(i.credentials).map(([name, hint]) => ({
                  label: template?.credentials.find((f) => f.name === name)?.label ?? name,
                  value: (
                    <span data-testid={`credential-${name}`}>
                      ••••{hint.last4}{' '}
                      <Text span size="xs" c="dimmed">
                        sha256 {hint.fingerprint}
                      </Text>
                    </span>
                  ),
                }))}
              />
              {i.previousAcceptedUntil && Date.parse(i.previousAcceptedUntil) > Date.now() && (
                <Text size="xs" mt="sm">
                  The previous signing secret is accepted until{' '}
                  <Time iso={i.previousAcceptedUntil} withAbsolute />.
                </Text>
              )}
            </Section>
            <SyncSection id={i.id} />
            <ConnectionTest integration={i} />
            <Deliveries id={i.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <RecordTimeline resource="integrations" id={i.id} version={i.version} />
        </Grid.Col>
      </Grid>
      <AppModal opened={rotate.opened} onClose={rotate.close} title="Replace credentials">
        <RotateForm integration={i} template={template} modal={rotate} />
      </AppModal>
      <AppModal opened={disable.opened} onClose={disable.close} title={`Disable ${i.name}`}>
        <DisableForm integration={i} modal={disable} />
      </AppModal>
    </>
  );
}
