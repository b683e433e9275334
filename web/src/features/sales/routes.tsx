import { IconAddressBook, IconFileDollar, IconSpeakerphone } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, listAndDetail, type NavItem, navItem } from '../../app/nav';

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
  listAndDetail(guard, 'leads', 'leads:read', <LeadsPage />, <LeadPage />),
  listAndDetail(guard, 'quotes', 'quotes:read', <QuotesPage />, <QuotePage />),
  listAndDetail(guard, 'campaigns', 'marketing:read', <CampaignsPage />, <CampaignPage />),
];

export const salesNav: NavItem[] = [
  navItem('/leads', 'Leads', IconAddressBook, 'leads:read'),
  navItem('/quotes', 'Quotes', IconFileDollar, 'quotes:read'),
  navItem('/campaigns', 'Campaigns', IconSpeakerphone, 'marketing:read'),
];
