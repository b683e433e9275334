import { IconBulb, IconChartPie, IconCoin, IconPackages, IconSpeakerphone } from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/** Insights (issue 15): the recommendations board and the figures behind it, each page its own chunk. */
const RecommendationsPage = lazy(() => import('./RecommendationsPage'));
const SegmentsPage = lazy(() => import('./SegmentsPage'));
const InventoryPage = lazy(() => import('./InventoryPage'));
const MarketingPage = lazy(() => import('./MarketingPage'));
const RoiPage = lazy(() => import('./RoiPage'));

export const insightsRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'insights',
    children: [
      { index: true, element: guard('insights:read', <RecommendationsPage />) },
      { path: 'segments', element: guard('insights:read', <SegmentsPage />) },
      { path: 'inventory', element: guard('insights:read', <InventoryPage />) },
      { path: 'marketing', element: guard('insights:read', <MarketingPage />) },
      { path: 'roi', element: guard('insights:read', <RoiPage />) },
    ],
  },
];

export const insightsNav: NavItem[] = [
  navItem('/insights', 'Recommendations', IconBulb, 'insights:read'),
  navItem('/insights/segments', 'Segments', IconChartPie, 'insights:read'),
  navItem('/insights/inventory', 'Inventory advice', IconPackages, 'insights:read'),
  navItem('/insights/marketing', 'Marketing return', IconSpeakerphone, 'insights:read'),
  navItem('/insights/roi', 'ROI', IconCoin, 'insights:read'),
];
