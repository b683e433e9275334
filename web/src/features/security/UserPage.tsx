import {
  Alert,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Role } from '../../api/types';
import { useSession } from '../../app/session';
import { Fields } from '../../components/Fields';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { roleLabel } from '../../lib/format';
import { usersApi } from './api';
import { RoleBadge } from './components';
import { securityKeys, useAction, useUser, useUserActivity } from './hooks';
import type { User } from './types';
import { grantable } from './UsersPage';

const Manage = ({ user }: { user: User }) => {
  const { me } = useSession();
  const [role, setRole] = useState<Role>(user.role ?? 'viewer');
  const [reason, setReason] = useState('');
  const refresh = [securityKeys.users, securityKeys.security];
  const options = { refresh };
  const assign = useAction(() => usersApi.assign(user.id, role), {
    ...options,
    success: (u) => `${u.email} is now ${u.role}`,
  });
  const revoke = useAction(() => usersApi.revoke(user.id), {
    ...options,
    success: (u) => `Revoked ${u.email}'s role`,
  });
  const disable = useAction(() => usersApi.disable(user.id, reason), {
    ...options,
    success: (u) => `Disabled ${u.email}`,
    onDone: () => setReason(''),
  });
  const enable = useAction(() => usersApi.enable(user.id), {
    ...options,
    success: (u) => `Re-enabled ${u.email}`,
  });
  const unlock = useAction(() => usersApi.unlock(user.id), {
    ...options,
    success: (u) => `Unlocked ${u.email}`,
  });
  const [mfaReason, setMfaReason] = useState('');
  const resetMfa = useAction(() => usersApi.resetMfa(user.id, mfaReason), {
    ...options,
    success: (u) => `Reset ${u.email}'s MFA: they sign in with their password and set it up again`,
    onDone: () => setMfaReason(''),
  });
  const error =
    assign.error ??
    revoke.error ??
    disable.error ??
    enable.error ??
    unlock.error ??
    resetMfa.error ??
    undefined;
  const self = me?.email === user.email;
  return (
    <Card withBorder mb="lg">
      <Stack gap="md">
        <Title order={2} size="h4">
          Access
        </Title>
        {self && (
          <Text size="sm" c="dimmed">
            This is your own account: another owner or admin changes its access.
          </Text>
        )}
        <Group align="flex-end" gap="sm">
          <Select
            label="Role"
            data={grantable(me?.role ?? 'viewer').map((r) => ({ value: r, label: roleLabel(r) }))}
            value={role}
            onChange={(v) => setRole((v as Role) ?? role)}
            allowDeselect={false}
            w={180}
          />
          <Button
            onClick={() => assign.mutate(undefined)}
            loading={assign.isPending}
            disabled={self || role === user.role}
          >
            Change role
          </Button>
          <Button
            variant="default"
            color="red"
            onClick={() => revoke.mutate(undefined)}
            loading={revoke.isPending}
            disabled={self || !user.role}
          >
            Revoke role
          </Button>
        </Group>
        {user.enabled ? (
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Reason to disable"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              w={{ base: '100%', sm: 320 }}
            />
            <Button
              color="red"
              onClick={() => disable.mutate(undefined)}
              loading={disable.isPending}
              disabled={self || !reason.trim()}
            >
              Disable account
            </Button>
          </Group>
        ) : (
          <Group>
            <Button onClick={() => enable.mutate(undefined)} loading={enable.isPending}>
              Enable account
            </Button>
          </Group>
        )}
        {user.lockedUntil && (
          <Group>
            <Button
              variant="default"
              leftSection={<IconLock size={14} aria-hidden />}
              onClick={() => unlock.mutate(undefined)}
              loading={unlock.isPending}
            >
              Unlock sign-in
            </Button>
          </Group>
        )}
        {user.mfa && (
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Reason to reset MFA"
              description="For example a lost or replaced phone"
              value={mfaReason}
              onChange={(e) => setMfaReason(e.currentTarget.value)}
              w={{ base: '100%', sm: 320 }}
            />
            <Button
              variant="default"
              color="red"
              onClick={() => resetMfa.mutate(undefined)}
              loading={resetMfa.isPending}
              disabled={self || !mfaReason.trim()}
            >
              Reset MFA
            </Button>
          </Group>
        )}
        <FormProblem error={error} />
      </Stack>
    </Card>
  );
};

const Activity = ({ id }: { id: string }) => {
  const activity = useUserActivity(id, true);
  if (activity.isError)
    return <LoadError error={activity.error} onRetry={() => void activity.refetch()} what="activity" />;
  if (!activity.data) return <Text c="dimmed">Loading activity…</Text>;
  const { sessions, timeline } = activity.data;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Sessions
        </Title>
        {sessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No sign-ins recorded.
          </Text>
        ) : (
          <Table verticalSpacing={4}>
            <Table.Caption>Sign-ins and the activity that followed from the same address</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Signed in</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.map((s) => (
                <Table.Tr key={s.signInEventId}>
                  <Table.Td>
                    <Time iso={s.startedAt} />
                  </Table.Td>
                  <Table.Td title={s.userAgent}>{s.ip ?? '—'}</Table.Td>
                  <Table.Td>{s.actions}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          Timeline
        </Title>
        <Timeline bulletSize={12} lineWidth={2}>
          {timeline.slice(0, 100).map((entry) => (
            <Timeline.Item key={entry.seq} title={entry.eventType}>
              <Text size="sm">{entry.summary}</Text>
              <Text size="xs" c="dimmed">
                <Time iso={entry.occurredAt} withAbsolute />
                {entry.actor.ip ? ` · ${entry.actor.ip}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
        <Text size="sm" mt="sm">
          <Link to={`/audit?who=${encodeURIComponent(activity.data.user.email)}`}>
            Search the audit log for more
          </Link>
        </Text>
      </Card>
    </SimpleGrid>
  );
};

export default function UserPage() {
  const { id = '' } = useParams();
  const user = useUser(id);
  const { can } = useSession();
  useDocumentTitle(user.data ? `${user.data.email} · Users · Firefly` : 'User · Firefly');
  const trail = [{ label: 'Users', to: '/users' }];
  if (user.isError) {
    return (
      <>
        <PageHeader title="User" trail={trail} />
        <LoadError error={user.error} onRetry={() => void user.refetch()} what="User" />
      </>
    );
  }
  const u = user.data;
  if (!u) return <PageHeader title="User" trail={trail} />;
  return (
    <>
      <PageHeader title={u.email} trail={trail} description={<RoleBadge role={u.role} />} />
      {u.lockedUntil && (
        <Alert color="orange" variant="light" mb="md" title="Sign-in locked" icon={<IconLock aria-hidden />}>
          {u.failedSignIns} failed sign-ins in a row locked this account. It unlocks by itself{' '}
          <Time iso={u.lockedUntil} withAbsolute />, or now with Unlock sign-in.
        </Alert>
      )}
      <Card withBorder mb="lg">
        <Fields
          items={[
            {
              label: 'Status',
              value: u.enabled
                ? u.status === 'FORCE_CHANGE_PASSWORD'
                  ? 'Invited, not yet activated'
                  : 'Active'
                : 'Disabled',
            },
            { label: 'MFA', value: u.mfa ? 'On' : 'Off' },
            { label: 'Created', value: <Time iso={u.createdAt} withAbsolute /> },
            {
              label: 'Last sign-in',
              value: u.lastSignInAt ? <Time iso={u.lastSignInAt} withAbsolute /> : 'Never',
            },
            {
              label: 'Last active',
              value: u.lastActiveAt ? <Time iso={u.lastActiveAt} withAbsolute /> : 'Never',
            },
            { label: 'Failed sign-ins in a row', value: String(u.failedSignIns ?? 0) },
          ]}
        />
      </Card>
      {can('users:manage') && <Manage user={u} />}
      {can('audit:read') && <Activity id={u.id} />}
    </>
  );
}
