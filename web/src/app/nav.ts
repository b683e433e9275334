import type { ReactNode } from 'react';
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
