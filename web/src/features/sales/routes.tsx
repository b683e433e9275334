import { IconAddressBook, IconFileDollar, IconSpeakerphone } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import type { Guard, NavItem } from '../../app/nav';

/**
 * The sales feature's pages (leads, quotes, campaigns), for the router and the navigation. Each page is
 * its own chunk; `guard` wraps a page in the router's permission check.
 */
const LeadsPage = lazy(() => import('./LeadsPage'));
const LeadPage = lazy(() => import('./LeadPage'));
const QuotesPage = lazy(() => import('./QuotesPage'));
const QuotePage = lazy(() => import('./QuotePage'));
const CampaignsPage = lazy(() => import('./CampaignsPage'));
const CampaignPage = lazy(() => import('./CampaignPage'));

export const salesRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'leads',
    children: [
      { index: true, element: guard('leads:read', <LeadsPage />) },
      { path: ':id', element: guard('leads:read', <LeadPage />) },
    ],
  },
  {
    path: 'quotes',
    children: [
      { index: true, element: guard('quotes:read', <QuotesPage />) },
      { path: ':id', element: guard('quotes:read', <QuotePage />) },
    ],
  },
  {
    path: 'campaigns',
    children: [
      { index: true, element: guard('marketing:read', <CampaignsPage />) },
      { path: ':id', element: guard('marketing:read', <CampaignPage />) },
    ],
  },
];

export const salesNav: NavItem[] = [
  {
    to: '/leads',
    label: 'Leads',
    icon: <IconAddressBook size={18} aria-hidden />,
    permission: 'leads:read',
  },
  {
    to: '/quotes',
    label: 'Quotes',
    icon: <IconFileDollar size={18} aria-hidden />,
    permission: 'quotes:read',
  },
  {
    to: '/campaigns',
    label: 'Campaigns',
    icon: <IconSpeakerphone size={18} aria-hidden />,
    permission: 'marketing:read',
  },
];
