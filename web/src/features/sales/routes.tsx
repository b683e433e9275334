import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router';
import type { Permission } from '../../api/types';
import type { NavItem } from '../../app/nav';

type Guard = (permission: Permission, page: ReactNode) => ReactNode;

/** The sales pages, for the router; each page is its own chunk. */
export const salesRoutes = (_guard: Guard): RouteObject[] => [];

export const salesNav: NavItem[] = [];
