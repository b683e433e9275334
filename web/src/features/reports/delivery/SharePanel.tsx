import {
  Alert,
  Button,
  Card,
  CopyButton,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../api/problem';
import { FormProblem } from '../../../components/ProblemAlert';
import { type SavedReport, useLinkViews, useReportChanges } from './api';

const ROLES = ['owner', 'admin', 'manager', 'analyst', 'viewer'];
const DAY_MS = 86_400_000;

/**
 * Who else may see or change a saved report (users by id, roles), and its share links: signed, opened
 * without signing in, expiring within 30 days, revocable, every view in the audit log and listed here.
 */
export const SharePanel = ({ report }: { report: SavedReport }) => {
  const changes = useReportChanges(report);
  const views = useLinkViews(report.id, report.links.length > 0);
  const [kind, setKind] = useState<'role' | 'user'>('role');
  const [who, setWho] = useState('viewer');
  const [access, setAccess] = useState<'view' | 'edit'>('view');
  const [days, setDays] = useState(7);
  const made = changes.link.data;
  const error = (changes.share.error ??
    changes.unshare.error ??
    changes.link.error ??
    changes.revoke.error) as ApiError | null;
  const shareUrl = made ? `${window.location.origin}${made.path}` : '';
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Sharing</Title>
        <Text size="sm" c="dimmed">
          Only its owner, owners and admins, and those it is shared with see this report. <b>View</b> lets
          them find it in their list, open it, run it and see its history and runs; <b>edit</b> also lets them
          change it, its schedule, shares and links, like its owner. A role share covers everyone with that
          role.
        </Text>
        {report.shares.length > 0 && (
          <Table aria-label="Shares">
            <Table.Tbody>
              {report.shares.map((s) => (
                <Table.Tr key={s.shareId}>
                  <Table.Td>
                    {s.grantee.kind === 'role' ? `Role ${s.grantee.role}` : `User ${s.grantee.id}`}
                  </Table.Td>
                  <Table.Td>{s.access}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" onClick={() => changes.unshare.mutate(s.shareId)}>
                      Remove
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="end">
          <Select
            label="Share with"
            value={kind}
            data={[
              { value: 'role', label: 'A role' },
              { value: 'user', label: 'A user' },
            ]}
            onChange={(v) => setKind((v as 'role' | 'user') ?? 'role')}
          />
          {kind === 'role' ? (
            <Select label="Role" value={who} data={ROLES} onChange={(v) => setWho(v ?? 'viewer')} />
          ) : (
            <TextInput label="User id" value={who} onChange={(e) => setWho(e.currentTarget.value)} />
          )}
          <Select
            label="Access"
            value={access}
            data={['view', 'edit']}
            onChange={(v) => setAccess((v as 'view' | 'edit') ?? 'view')}
          />
          <Button
            loading={changes.share.isPending}
            onClick={() =>
              changes.share.mutate({
                grantee:
                  kind === 'role' ? { kind: 'role', role: who as 'viewer' } : { kind: 'user', id: who },
                access,
              })
            }
          >
            Share
          </Button>
        </Group>
        <Title order={4}>Links</Title>
        <Group align="end">
          <NumberInput
            label="Expires in (days)"
            value={days}
            min={1}
            max={30}
            onChange={(v) => setDays(Number(v))}
          />
          <Button
            loading={changes.link.isPending}
            onClick={() => changes.link.mutate(new Date(Date.now() + days * DAY_MS).toISOString())}
          >
            Create link
          </Button>
        </Group>
        {made && (
          <Alert title="Share link (shown once)" color="green">
            <Group>
              <Text size="sm" style={{ wordBreak: 'break-all' }} data-testid="share-link">
                {shareUrl}
              </Text>
              <CopyButton value={shareUrl}>
                {({ copied, copy }) => (
                  <Button size="xs" variant="light" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Alert>
        )}
        {report.links.length > 0 && (
          <Table aria-label="Links">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Link</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Views</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.links.map((l) => (
                <Table.Tr key={l.linkId}>
                  <Table.Td>{l.linkId.slice(-6)}</Table.Td>
                  <Table.Td>{new Date(l.expiresAt).toLocaleString()}</Table.Td>
                  <Table.Td>{views.data?.items.filter((v) => v.linkId === l.linkId).length ?? ''}</Table.Td>
                  <Table.Td>
                    {l.revoked ? (
                      'Revoked'
                    ) : (
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        onClick={() => changes.revoke.mutate(l.linkId)}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <FormProblem error={error ?? undefined} />
      </Stack>
    </Card>
  );
};
