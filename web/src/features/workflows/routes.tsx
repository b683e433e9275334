import { IconChecklist, IconRoute } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

/** Workflow automation's pages, each its own chunk; the builder's canvas is a further chunk of its own. */
const WorkflowsPage = lazy(() => import('./WorkflowsPage'));
const WorkflowPage = lazy(() => import('./WorkflowPage'));
const RunPage = lazy(() => import('./RunPage'));
const TasksPage = lazy(() => import('./TasksPage'));

export const workflowRoutes = (guard: Guard): RouteObject[] => [
  listAndDetail(guard, 'workflows', 'workflows:read', <WorkflowsPage />, <WorkflowPage />),
  { path: 'workflow-runs/:id', element: guard('workflows:read', <RunPage />) },
  { path: 'tasks', element: guard('tasks:read', <TasksPage />) },
];

export const workflowNav: NavItem[] = [
  navItem('/workflows', 'Workflows', IconRoute, 'workflows:read'),
  navItem('/tasks', 'Tasks', IconChecklist, 'tasks:read'),
];
