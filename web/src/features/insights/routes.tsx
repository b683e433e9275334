import {
  IconBulb,
  IconChartLine,
  IconChartPie,
  IconCoin,
  IconPackages,
  IconSpeakerphone,
  IconTargetArrow,
} from '@tabler/icons-react';
import { lazy } from 'react';
import type { RouteObject } from 'react-router';
import { type Guard, type NavItem, navItem } from '../../app/nav';

/** Insights (issue 15): the recommendations board and the figures behind it, each page its own chunk. */
const RecommendationsPage = lazy(() => import('./RecommendationsPage'));
const SegmentsPage = lazy(() => import('./SegmentsPage'));
const InventoryPage = lazy(() => import('./InventoryPage'));
const MarketingPage = lazy(() => import('./MarketingPage'));
const RoiPage = lazy(() => import('./RoiPage'));
const ForecastsPage = lazy(() => import('./ForecastsPage'));
const ForecastPage = lazy(() => import('./ForecastPage'));
const SalesPage = lazy(() => import('./SalesPage'));

export const insightsRoutes = (guard: Guard): RouteObject[] => [
  {
    path: 'insights',
    children: [
      { index: true, element: guard('insights:read', <RecommendationsPage />) },
      { path: 'forecasts', element: guard('insights:read', <ForecastsPage />) },
      { path: 'forecasts/:id', element: guard('insights:read', <ForecastPage />) },
      { path: 'segments', element: guard('insights:read', <SegmentsPage />) },
      { path: 'sales', element: guard('insights:read', <SalesPage />) },
      { path: 'inventory', element: guard('insights:read', <InventoryPage />) },
      { path: 'marketing', element: guard('insights:read', <MarketingPage />) },
      { path: 'roi', element: guard('insights:read', <RoiPage />) },
    ],
  },
];

export const insightsNav: NavItem[] = [
  navItem('/insights', 'Recommendations', IconBulb, 'insights:read'),
  navItem('/insights/forecasts', 'Forecasts', IconChartLine, 'insights:read'),
  navItem('/insights/segments', 'Segments', IconChartPie, 'insights:read'),
  navItem('/insights/sales', 'Leads and pricing', IconTargetArrow, 'insights:read'),
  navItem('/insights/inventory', 'Inventory advice', IconPackages, 'insights:read'),
  navItem('/insights/marketing', 'Marketing return', IconSpeakerphone, 'insights:read'),
  navItem('/insights/roi', 'ROI', IconCoin, 'insights:read'),
];
