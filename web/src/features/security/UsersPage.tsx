import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconUserPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/problem';
import { ROLES, type Role } from '../../api/types';
import { Can, useSession } from '../../app/session';
import { AppModal } from '../../components/CommandForm';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { Time } from '../../components/Time';
import { roleLabel } from '../../lib/format';
import { type AccessReviewFormat, download, usersApi } from './api';
import { RoleBadge } from './components';
import { securityKeys, useAction, useUsers } from './hooks';
import type { User } from './types';

const RANK = Object.fromEntries(ROLES.map((r, i) => [r, i]));

/** The roles the signed-in person may grant: their own and those below it. */
export const grantable = (mine: Role) => ROLES.filter((r) => RANK[r]! >= RANK[mine]!);

const InviteForm = ({ onDone }: { onDone: (user: User) => void }) => {
  const { me } = useSession();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const invite = useAction(() => usersApi.invite(email.trim(), role), {
    success: (u) => `Invited ${u.email}; Cognito emails them a temporary password`,
    refresh: [securityKeys.users],
    onDone,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(undefined);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="Email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={invite.error?.fieldErrors().email}
          data-autofocus
        />
        <Select
          label="Role"
          data={grantable(me?.role ?? 'viewer').map((r) => ({ value: r, label: roleLabel(r) }))}
          value={role}
          onChange={(v) => setRole((v as Role) ?? 'viewer')}
          allowDeselect={false}
        />
        <Text size="sm" c="dimmed">
          They receive a temporary password by email and choose their own at /activate.
        </Text>
        <FormProblem error={invite.error ?? undefined} fieldsShown={!!invite.error?.fieldErrors().email} />
        <Group justify="flex-end">
          <Button type="submit" loading={invite.isPending}>
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
};

const status = (u: User) => {
  if (!u.enabled)
    return (
      <Badge color="red" variant="light">
        Disabled
      </Badge>
    );
  if (u.status === 'FORCE_CHANGE_PASSWORD')
    return (
      <Badge color="blue" variant="light">
        Invited
      </Badge>
    );
  return (
    <Badge color="green" variant="light">
      Active
    </Badge>
  );
};

export default function UsersPage() {
  useDocumentTitle('Users · Firefly');
  const users = useUsers();
  const navigate = useNavigate();
  const [inviting, invite] = useDisclosure();
  const [error, setError] = useState<ApiError | undefined>();
  const review = async (format: AccessReviewFormat) => {
    setError(undefined);
    try {
      notifications.show({
        color: 'green',
        title: 'Downloaded',
        message: await download('/api/access-review', { format }),
      });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
    }
  };
  return (
    <>
      <PageHeader
        title="Users"
        description="Everyone with a console account, their role and when they were last active."
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={() => void review('csv')}
            >
              Access review (CSV)
            </Button>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              onClick={() => void review('json')}
            >
              Access review (JSON)
            </Button>
            <Can permission={'users:manage'}>
              <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={invite.open}>
                Invite
              </Button>
            </Can>
          </>
        }
      />
      <FormProblem error={error} />
      {users.isError ? (
        <LoadError error={users.error} onRetry={() => void users.refetch()} what="users" />
      ) : (
        <Card withBorder padding={0} mt="md">
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Caption>Console accounts</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th visibleFrom="sm">Status</Table.Th>
                <Table.Th visibleFrom="md">MFA</Table.Th>
                <Table.Th visibleFrom="md">Last active</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.isPending && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <Skeleton height={14} />
                  </Table.Td>
                </Table.Tr>
              )}
              {users.data?.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/users/${u.id}`}>
                      {u.email}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <RoleBadge role={u.role} />
                  </Table.Td>
                  <Table.Td visibleFrom="sm">{status(u)}</Table.Td>
                  <Table.Td visibleFrom="md">{u.mfa ? 'On' : 'Off'}</Table.Td>
                  <Table.Td visibleFrom="md">
                    <Text size="sm" c="dimmed" component="span">
                      {u.lastActiveAt ? <Time iso={u.lastActiveAt} /> : 'Never'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}
      <AppModal opened={inviting} onClose={invite.close} title="Invite someone">
        <InviteForm
          onDone={(u) => {
            invite.close();
            navigate(`/users/${u.id}`);
          }}
        />
      </AppModal>
    </>
  );
}
