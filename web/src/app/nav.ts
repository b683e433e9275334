import { type ComponentType, createElement, type ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../api/types';

/** A link in the main navigation; shown only to roles with `permission`. */
export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
}

/** Wraps a page in the router's permission check (passed to the features' routes to keep them free of it). */
export type Guard = (permission: Permission, page: ReactNode) => ReactNode;

/** A navigation link with its icon drawn as every link's is. */
export const navItem = (
  to: string,
  label: string,
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>,
  permission?: Permission,
): NavItem => ({ to, label, icon: createElement(icon, { size: 18, 'aria-hidden': true }), permission });

/** A kind of record's list at `/<path>` and one record at `/<path>/:id`, both behind one permission. */
export const listAndDetail = (
  guard: Guard,
  path: string,
  permission: Permission,
  list: ReactNode,
  detail: ReactNode,
): RouteObject => ({
  path,
  children: [
    { index: true, element: guard(permission, list) },
    { path: ':id', element: guard(permission, detail) },
  ],
});
