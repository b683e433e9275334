import {
  Anchor,
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  ThemeIcon,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconApi, IconHome2, IconLogout } from '@tabler/icons-react';
import { Suspense, useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { paths } from '../api/schema.gen';
import { backupNav } from '../features/backups/routes';
import { customersNav } from '../features/customers/routes';
import { insightsNav } from '../features/insights/routes';
import { integrationNav } from '../features/integrations/routes';
import { modelsNav } from '../features/models/routes';
import { monitoringNav } from '../features/monitoring/routes';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { operationsNav } from '../features/operations/routes';
import { ordersNav } from '../features/orders/routes';
import { overviewNav } from '../features/overview/routes';
import { reportsNav } from '../features/reports/routes';
import { salesNav } from '../features/sales/routes';
import { securityNav } from '../features/security/routes';
import { workflowNav } from '../features/workflows/routes';
import { roleLabel } from '../lib/format';
import type { NavItem } from './nav';
import { useSession } from './session';

const SECTIONS: { label?: string; items: NavItem[] }[] = [
  { items: overviewNav },
  { label: 'Sales', items: [...ordersNav, ...customersNav, ...salesNav] },
  { label: 'Operations', items: [...modelsNav, ...operationsNav] },
  { label: 'Insights', items: insightsNav },
  { label: 'Reports', items: reportsNav },
  { label: 'Automation', items: workflowNav },
  { label: 'Administration', items: [...securityNav, ...integrationNav, ...backupNav] },
  { label: 'Monitoring', items: monitoringNav },
];

export const PageLoader = () => (
  <Center mih={200} aria-busy="true">
    <Loader aria-label="Loading" />
  </Center>
);

/** The signed-in frame: header, navigation (only what the role may read) and the page. */
export const Shell = () => {
  const [opened, { toggle, close }] = useDisclosure();
  const { me, can, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // A route change in a single-page app is silent for screen readers; moving focus to the new page's
  // main region announces it and puts keyboard users at the start of the content.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on path changes only, by design
  useEffect(() => {
    close();
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  const isActive = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding={{ base: 'md', md: 'xl' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={opened ? 'Close navigation' : 'Open navigation'}
              />
              <UnstyledButton component={Link} to="/" aria-label="Firefly Tiny Homes admin: overview">
                <Group gap={8} wrap="nowrap">
                  <ThemeIcon color="yellow" variant="filled" radius="xl" size="md" aria-hidden>
                    <IconHome2 size={16} color="var(--mantine-color-dark-9)" />
                  </ThemeIcon>
                  <Text size="lg" fw={700} component="span">
                    Firefly{' '}
                    <Box component="span" fw={400} visibleFrom="xs">
                      Tiny Homes · Admin
                    </Box>
                  </Text>
                </Group>
              </UnstyledButton>
            </Group>
            {me && (
              <Group gap="sm" wrap="nowrap">
                <Stack gap={0} align="flex-end" visibleFrom="sm">
                  <Anchor
                    component={Link}
                    to="/account"
                    size="sm"
                    fw={500}
                    data-testid="me-email"
                    aria-label={`My account: ${me.email ?? me.id}`}
                  >
                    {me.email ?? me.id}
                  </Anchor>
                </Stack>
                {can('notifications:read') && <NotificationBell />}
                <Badge variant="light" color="grape" data-testid="me-role">
                  {roleLabel(me.role)}
                </Badge>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconLogout size={14} aria-hidden />}
                  onClick={() => {
                    signOut();
                    navigate('/sign-in', { replace: true });
                  }}
                >
                  Sign out
                </Button>
              </Group>
            )}
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label="Main">
          <AppShell.Section grow component={ScrollArea} type="auto">
            <Stack gap="xs">
              {SECTIONS.map((section) => {
                const items = section.items.filter((item) => !item.permission || can(item.permission));
                if (items.length === 0) return null;
                const headingId = section.label ? `nav-${section.label.toLowerCase()}` : undefined;
                return (
                  <Stack gap={2} key={section.label ?? 'home'} role="group" aria-labelledby={headingId}>
                    {section.label && (
                      <Text id={headingId} size="xs" fw={600} c="dimmed" tt="uppercase" px="sm" pt={4}>
                        {section.label}
                      </Text>
                    )}
                    {items.map((item) => (
                      <NavLink
                        key={item.to}
                        component={Link}
                        to={item.to}
                        label={item.label}
                        leftSection={item.icon}
                        active={isActive(item.to)}
                        aria-current={isActive(item.to) ? 'page' : undefined}
                        variant="light"
                        py={6}
                      />
                    ))}
                  </Stack>
                );
              })}
            </Stack>
          </AppShell.Section>
          <AppShell.Section>
            <Divider my="sm" />
            <NavLink
              href={'/api/docs' satisfies keyof paths}
              label="API documentation"
              leftSection={<IconApi size={18} aria-hidden />}
              description="OpenAPI reference"
            />
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" ref={main} tabIndex={-1}>
          <Box maw={1280} mx="auto">
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </Box>
        </AppShell.Main>
      </AppShell>
    </>
  );
};
