import { Button, Center, EmptyState } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLock, IconMapOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import type { Permission } from '../api/types';
import { LoadError } from '../components/ProblemAlert';
import { PageLoader } from './Shell';
import { useSession } from './session';

/** Pages behind sign-in: without a session, go to sign-in and come back here afterwards. */
export const RequireSession = ({ children }: { children: ReactNode }) => {
  const { session, loading, me, meError } = useSession();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (loading) return <PageLoader />;
  if (!me) {
    return (
      <Center mih="50vh" p="md">
        <LoadError error={meError} onRetry={() => window.location.reload()} what="your profile" />
      </Center>
    );
  }
  return children;
};

/** A page the role may not read says so, rather than failing on its first request. */
export const RequirePermission = ({
  permission,
  children,
}: {
  permission: Permission;
  children: ReactNode;
}) => {
  const { can } = useSession();
  useDocumentTitle(can(permission) ? document.title : 'No access · Firefly');
  if (can(permission)) return children;
  return (
    <EmptyState mt="xl" icon={<IconLock size={28} aria-hidden />} withIndicatorBackground>
      <EmptyState.Title order={1}>You don't have access to this page</EmptyState.Title>
      <EmptyState.Description>
        Your role does not include it. Ask an owner or admin if you need it.
      </EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/">
          Go to the overview
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
};

export const NotFoundPage = () => {
  const location = useLocation();
  useDocumentTitle('Not found · Firefly');
  return (
    <EmptyState mt="xl" icon={<IconMapOff size={28} aria-hidden />} withIndicatorBackground>
      <EmptyState.Title order={1}>Page not found</EmptyState.Title>
      <EmptyState.Description>Nothing lives at {location.pathname}.</EmptyState.Description>
      <EmptyState.Actions>
        <Button component={Link} to="/">
          Go to the overview
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
};
