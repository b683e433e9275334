import { IconListSearch, IconShieldLock, IconUserShield } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/**
 * The security feature's pages, for the router and the navigation. Each page is its own chunk.
 * `guard` wraps a page in the router's permission check (passed in to keep this module free of it).
 */
const SecurityPage = lazy(() => import('./SecurityPage'));
const SecurityEventPage = lazy(() => import('./SecurityEventPage'));
const AuditPage = lazy(() => import('./AuditPage'));
const UsersPage = lazy(() => import('./UsersPage'));
const UserPage = lazy(() => import('./UserPage'));
const ActivatePage = lazy(() => import('./ActivatePage'));
const AccountPage = lazy(() => import('./AccountPage'));

export const securityRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'security',
    children: [
      { index: true, element: guard('security:read', <SecurityPage />) },
      { path: 'events/:id', element: guard('security:read', <SecurityEventPage />) },
    ],
  },
  { path: 'audit', element: guard('audit:read', <AuditPage />) },
  listAndDetail(guard, 'users', 'users:read', <UsersPage />, <UserPage />),
  // Everyone signed in has an account of their own: no permission beyond the session.
  { path: 'account', element: <AccountPage /> },
];

/** The sign-in page's chunk, loaded early when a visit starts signed out (see the router). */
export const loadSignIn = () => import('./SignInPage');
const SignInPage = lazy(loadSignIn);

/** Public pages (no session): signing in, activating an invited account. */
export const publicSecurityRoutes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/activate', element: <ActivatePage /> },
];

export const securityNav: NavItem[] = [
  navItem('/security', 'Security', IconShieldLock, 'security:read'),
  navItem('/audit', 'Audit log', IconListSearch, 'audit:read'),
  navItem('/users', 'Users', IconUserShield, 'users:read'),
];
