import { Badge, Code, Group, Select, SimpleGrid, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { useVersions, workflowKeys, workflowsApi } from './api';
import { compareDefinitions } from './compare';
import type { WorkflowDefinition } from './definition';

const CHANGE_COLORS = { added: 'green', removed: 'red', changed: 'orange', same: 'gray' } as const;

const Json = ({ value }: { value: unknown }) =>
  value === undefined ? (
    <Text size="xs" c="dimmed">
      Not in this version
    </Text>
  ) : (
    <Code
      block
      // Scrolls when long: focusable so a keyboard can scroll it too.
      tabIndex={0}
      style={{ maxHeight: 240, overflow: 'auto', fontSize: 11 }}
    >
      {JSON.stringify(value, null, 2)}
    </Code>
  );

/** A version's definition (fetched with its ASL), or the draft as it stands. */
const useDefinition = (workflowId: string, key: string, draft: WorkflowDefinition, enabled: boolean) =>
  useQuery({
    queryKey: [...workflowKeys.versions(workflowId), key, key === 'draft' ? JSON.stringify(draft) : ''],
    queryFn: async ({ signal }): Promise<WorkflowDefinition> =>
      key === 'draft' ? draft : (await workflowsApi.version(workflowId, Number(key), signal)).definition,
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });

/** Published versions, and two of them (or a version and the draft) side by side, part by part. */
export const VersionsTab = ({ workflowId, draft }: { workflowId: string; draft: WorkflowDefinition }) => {
  const versions = useVersions(workflowId);
  const items = versions.data?.items ?? [];
  const newest = items.reduce((n, v) => Math.max(n, v.version), 0);
  const [left, setLeft] = useState<string | null>(null);
  const [right, setRight] = useState<string | null>(null);
  const leftDefault = String(Math.max(1, newest - 1));
  const rightDefault = items.length > 1 ? String(newest) : 'draft';
  const leftDef = useDefinition(workflowId, left ?? leftDefault, draft, newest > 0);
  const rightDef = useDefinition(workflowId, right ?? rightDefault, draft, newest > 0);
  if (versions.isPending) return <Skeleton height={120} role="status" aria-label="Loading versions" />;
  if (versions.isError)
    return <LoadError error={versions.error} onRetry={() => void versions.refetch()} what="the versions" />;
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Not published yet. Publishing the draft makes version 1; each later publish adds one, and a run keeps
        the version it started with.
      </Text>
    );
  const options = [
    { value: 'draft', label: 'The draft' },
    ...[...items]
      .sort((a, b) => b.version - a.version)
      .map((v) => ({ value: String(v.version), label: `Version ${v.version}` })),
  ];

  const a = left === null ? leftDefault : left;
  const b = right === null ? rightDefault : right;
  return (
    <Stack gap="lg">
      <Table aria-label="Versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Published</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Permissions of its commands</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...items]
            .sort((x, y) => y.version - x.version)
            .map((v) => (
              <Table.Tr key={v.version}>
                <Table.Td>v{v.version}</Table.Td>
                <Table.Td>
                  <Time iso={v.publishedAt} withAbsolute />
                </Table.Td>
                <Table.Td>{v.publishedBy?.email ?? v.publishedBy?.id ?? '—'}</Table.Td>
                <Table.Td>{v.permissions.length ? v.permissions.join(', ') : 'None'}</Table.Td>
              </Table.Tr>
            ))}
        </Table.Tbody>
      </Table>
      <Group gap="md" align="flex-end">
        <Select label="Compare" data={options} value={a} onChange={setLeft} allowDeselect={false} />
        <Select label="with" data={options} value={b} onChange={setRight} allowDeselect={false} />
      </Group>
      {(leftDef.isError || rightDef.isError) && (
        <LoadError
          error={leftDef.error ?? rightDef.error}
          onRetry={() => void Promise.all([leftDef.refetch(), rightDef.refetch()])}
          what="a version"
        />
      )}
      {(leftDef.isPending || rightDef.isPending) && (
        <Skeleton height={120} role="status" aria-label="Loading the versions" />
      )}
      <Stack gap="sm" data-testid="version-compare">
        {(leftDef.data && rightDef.data ? compareDefinitions(leftDef.data, rightDef.data) : []).map((row) => (
          <Stack key={row.key} gap={4}>
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {row.label}
              </Text>
              <Badge size="sm" variant="light" color={CHANGE_COLORS[row.change]}>
                {row.change}
              </Badge>
            </Group>
            {row.change !== 'same' && (
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
                <Json value={row.left} />
                <Json value={row.right} />
              </SimpleGrid>
            )}
          </Stack>
        ))}
      </Stack>
    </Stack>
  );
};
