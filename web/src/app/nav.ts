import type { ReactNode } from 'react';
import type { Permission } from '../api/types';

/** A link in the main navigation; shown only to roles with `permission`. */
export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  permission?: Permission;
}
