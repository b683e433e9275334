import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconBulb, IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { securityEventStatusValues, severityValues } from '../../api/schema.gen';
import { useEnumParam, useParam } from '../../components/ListView';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { SEVERITY_COLORS, SeverityBadge, StatusBadge } from './components';
import { useSecurityEvents, useSecurityOverview, useSecurityRules } from './hooks';
import type { IncidentStatus } from './types';

/** Most severe first. */
const SEVERITIES = [...severityValues].reverse();

const STATUS_LABELS: Record<IncidentStatus, string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
};

const Counts = () => {
  const overview = useSecurityOverview();
  if (overview.isError)
    return <LoadError error={overview.error} onRetry={() => void overview.refetch()} what="the overview" />;
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} mb="lg">
      {SEVERITIES.map((severity) => (
        <Card key={severity} withBorder padding="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Open · {severity}
          </Text>
          {overview.data ? (
            <Text size="xl" fw={700} c={overview.data.open[severity] ? SEVERITY_COLORS[severity] : undefined}>
              {overview.data.open[severity]}
            </Text>
          ) : (
            <Skeleton height={28} mt={4} />
          )}
        </Card>
      ))}
      <Card withBorder padding="md">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
          Being looked at
        </Text>
        {overview.data ? (
          <Text size="xl" fw={700}>
            {overview.data.acknowledged}
          </Text>
        ) : (
          <Skeleton height={28} mt={4} />
        )}
      </Card>
    </SimpleGrid>
  );
};

const Recommendations = () => {
  const overview = useSecurityOverview();
  const items = overview.data?.recommendations ?? [];
  if (!overview.data) return null;
  return (
    <Stack gap="sm" mb="xl">
      <Title order={2} size="h4">
        Recommendations
      </Title>
      {items.length === 0 ? (
        <Alert
          color="green"
          variant="light"
          icon={<IconShieldCheck aria-hidden />}
          title="Nothing to recommend"
        >
          Every account and security event looks in order right now.
        </Alert>
      ) : (
        items.map((r) => (
          <Alert
            key={r.id}
            color={r.severity === 'high' ? 'orange' : r.severity === 'medium' ? 'yellow' : 'gray'}
            variant="light"
            icon={<IconBulb aria-hidden />}
            title={`${r.title} (${r.severity})`}
          >
            <Text size="sm">{r.detail}</Text>
            <Text size="sm" mt={4} fw={500}>
              {r.subjects.join(', ')}
            </Text>
          </Alert>
        ))
      )}
    </Stack>
  );
};

const Events = () => {
  const status = useEnumParam('status', securityEventStatusValues);
  const [, setStatus] = useParam('status');
  const severity = useEnumParam('severity', severityValues);
  const [, setSeverity] = useParam('severity');
  const query = useSecurityEvents({ status: status || 'open', severity: severity || undefined });
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm" mb="xl">
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h4">
          Security events
        </Title>
        <Group gap="sm">
          <Select
            label="Status"
            data={securityEventStatusValues.map((value) => ({ value, label: STATUS_LABELS[value] }))}
            value={status || 'open'}
            onChange={(v) => setStatus(v && v !== 'open' ? v : '')}
            allowDeselect={false}
            w={160}
          />
          <Select
            label="Severity"
            placeholder="Any"
            data={SEVERITIES}
            value={severity || null}
            onChange={(v) => setSeverity(v ?? '')}
            clearable
            w={140}
          />
        </Group>
      </Group>
      {query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} what="security events" />
      ) : (
        <Card withBorder padding={0}>
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Caption>Security events raised by the detection rules, newest first</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Severity</Table.Th>
                <Table.Th>What happened</Table.Th>
                <Table.Th visibleFrom="sm">Status</Table.Th>
                <Table.Th visibleFrom="md">Raised</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {query.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {!query.isPending && rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={4}>
                    <Text c="dimmed" size="sm" p="sm">
                      No {status || 'open'} security events{severity ? ` of ${severity} severity` : ''}.
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {rows.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>
                    <SeverityBadge severity={event.severity} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/security/events/${event.id}`} fw={500}>
                      {event.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {event.rule}
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <StatusBadge status={event.status} />
                  </Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm" c="dimmed" component="span">
                      <Time iso={event.raisedAt} />
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      {query.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
};

const Rules = () => {
  const [opened, { toggle }] = useDisclosure(false);
  const rules = useSecurityRules(opened);
  return (
    <Stack gap="sm">
      <Group>
        <Button variant="subtle" onClick={toggle} aria-expanded={opened}>
          {opened ? 'Hide how detection works' : 'How detection works'}
        </Button>
      </Group>
      {opened && rules.data && (
        <Card withBorder>
          <List spacing="sm">
            {rules.data.rules.map((rule) => (
              <List.Item key={rule.id}>
                <Text fw={600} size="sm">
                  {rule.title}
                </Text>
                <Text size="sm">{rule.explanation}</Text>
                <Text size="xs" c="dimmed">
                  Thresholds: {rule.thresholds}
                </Text>
              </List.Item>
            ))}
          </List>
          <Text size="sm" mt="md">
            <strong>Lockouts.</strong> {rules.data.lockout.account} {rules.data.lockout.address}
          </Text>
          <Text size="sm" mt={4}>
            <strong>Business hours:</strong> {rules.data.businessHours}.
          </Text>
        </Card>
      )}
    </Stack>
  );
};

export default function SecurityPage() {
  useDocumentTitle('Security · Firefly');
  return (
    <>
      <PageHeader
        title="Security"
        description="What the detection rules found, what to improve, and who is looking into it."
      />
      <Counts />
      <Recommendations />
      <Events />
      <Rules />
    </>
  );
}
