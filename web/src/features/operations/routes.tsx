import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../api/types';
import type { NavItem } from '../../app/nav';

type Guard = (permission: Permission, page: ReactNode) => ReactNode;

/** The operations pages, for the router; each page is its own chunk. */
export const operationsRoutes = (_guard: Guard): RouteObject[] => [];

export const operationsNav: NavItem[] = [];
