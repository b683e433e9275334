import { IconListSearch, IconShieldLock, IconUserShield } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard, NavItem } from '../../app/nav';

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

export const securityRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'security',
    children: [
      { index: true, element: guard('security:read', <SecurityPage />) },
      { path: 'events/:id', element: guard('security:read', <SecurityEventPage />) },
    ],
  },
  { path: 'audit', element: guard('audit:read', <AuditPage />) },
  {
    path: 'users',
    children: [
      { index: true, element: guard('users:read', <UsersPage />) },
      { path: ':id', element: guard('users:read', <UserPage />) },
    ],
  },
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
  {
    to: '/security',
    label: 'Security',
    icon: <IconShieldLock size={18} aria-hidden />,
    permission: 'security:read',
  },
  {
    to: '/audit',
    label: 'Audit log',
    icon: <IconListSearch size={18} aria-hidden />,
    permission: 'audit:read',
  },
  {
    to: '/users',
    label: 'Users',
    icon: <IconUserShield size={18} aria-hidden />,
    permission: 'users:read',
  },
];
