import * as z from 'zod';
import { ORDER_STAGES } from '../../../domain/sales/orders.ts';
import { defineRoute } from '../../http/route.ts';
import { Channel } from '../leads/contract.ts';
import { Cents, EventRecord, TotalCents } from '../schemas.ts';

const tag = 'Reports';
const Month = z.string().regex(/^\d{4}-\d{2}$/);

const MonthFigures = {
  revenueCents: TotalCents.meta({
    description: 'Value of homes delivered in the month (revenue recognised on delivery)',
  }),
  orders: z.number().int().meta({ description: 'Orders placed in the month, cancelled ones excluded' }),
  bookedCents: TotalCents.meta({ description: 'Value of those orders' }),
  collectedCents: z.number().int().meta({ description: 'Payments received less refunds paid' }),
};

export const RevenueMonth = z
  .object({ month: Month, ...MonthFigures, priorYear: z.object(MonthFigures) })
  .meta({ id: 'RevenueMonth' });
export const StageFigures = z
  .object({ stage: z.enum(ORDER_STAGES), orders: z.number().int(), valueCents: TotalCents })
  .meta({ id: 'StageFigures' });
export const ChannelFigures = z
  .object({
    channel: Channel,
    leads: z.number().int(),
    qualified: z.number().int(),
    converted: z.number().int(),
    disqualified: z.number().int(),
    open: z.number().int(),
    conversionRate: z.number(),
  })
  .meta({ id: 'ChannelFigures' });
export const LowStockItem = z
  .object({
    itemId: z.string(),
    sku: z.string(),
    name: z.string(),
    unit: z.string(),
    onHand: z.number().int(),
    reserved: z.number().int(),
    available: z.number().int(),
    reorderPoint: z.number().int(),
    reorderQuantity: z.number().int(),
    supplierId: z.string().optional(),
    onOrder: z.number().int().meta({ description: 'Still to arrive on open purchase orders' }),
    covered: z.boolean().meta({ description: 'Whether what is on order lifts it above the reorder point' }),
  })
  .meta({ id: 'LowStockItem' });
export const Activity = EventRecord.extend({ summary: z.string(), context: z.string() }).meta({
  id: 'Activity',
});
export const CampaignReturn = z
  .object({
    campaignId: z.string(),
    name: z.string(),
    channel: Channel,
    status: z.enum(['active', 'ended']),
    startsOn: z.string(),
    budgetCents: Cents,
    spentCents: TotalCents,
    leads: z.number().int(),
    converted: z.number().int(),
    orders: z.number().int(),
    revenueCents: TotalCents,
    costPerLeadCents: z.number().int().nullable(),
    returnOnSpend: z.number().nullable(),
  })
  .meta({ id: 'CampaignReturn' });

const Months = z.object({
  months: z.coerce
    .number()
    .int()
    .min(1)
    .max(36)
    .default(12)
    .meta({ description: 'How many months, ending this month' }),
});

export const revenue = defineRoute({
  method: 'GET',
  path: '/api/reports/revenue',
  permission: 'reports:read',
  summary: 'Revenue, bookings and collections by month, each beside the same month a year before',
  tag,
  query: Months.strict(),
  response: z.object({ items: z.array(RevenueMonth) }).meta({ id: 'RevenueReport' }),
});

export const ordersByStage = defineRoute({
  method: 'GET',
  path: '/api/reports/orders-by-stage',
  permission: 'reports:read',
  summary: 'How many orders are in each stage, and their value',
  tag,
  response: z.object({ items: z.array(StageFigures) }).meta({ id: 'OrdersByStage' }),
});

export const leadsByChannel = defineRoute({
  method: 'GET',
  path: '/api/reports/leads-by-channel',
  permission: 'reports:read',
  summary: 'The lead funnel by channel for leads captured in the last months',
  tag,
  query: Months.strict(),
  response: z.object({ since: z.string(), items: z.array(ChannelFigures) }).meta({ id: 'LeadsByChannel' }),
});

export const lowStock = defineRoute({
  method: 'GET',
  path: '/api/reports/low-stock',
  permission: 'reports:read',
  summary: 'Items at or below their reorder point (counting reservations), most urgent first',
  tag,
  response: z.object({ items: z.array(LowStockItem) }).meta({ id: 'LowStock' }),
});

export const activity = defineRoute({
  method: 'GET',
  path: '/api/reports/activity',
  permission: 'reports:read',
  summary: 'The latest business events across every record, newest first',
  tag,
  query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict(),
  response: z.object({ items: z.array(Activity) }).meta({ id: 'ActivityFeed' }),
});

export const campaigns = defineRoute({
  method: 'GET',
  path: '/api/reports/campaigns',
  permission: 'reports:read',
  summary: 'Spend and returns per campaign: attributed leads, conversions, orders and revenue',
  tag,
  response: z.object({ items: z.array(CampaignReturn) }).meta({ id: 'CampaignReturns' }),
});

export const overview = defineRoute({
  method: 'GET',
  path: '/api/reports/overview',
  permission: 'reports:read',
  summary:
    "Everything the console's overview shows, in one request. The last 12 months come from a snapshot refreshed every minute (see `asOf`); `refresh=true` computes them now",
  tag,
  query: Months.extend({
    refresh: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: 'Compute the figures now instead of serving the snapshot' }),
  }).strict(),
  response: z
    .object({
      asOf: z.string().meta({ description: 'When the figures were computed' }),
      revenueByMonth: z.array(RevenueMonth),
      ordersByStage: z.array(StageFigures),
      leadsByChannel: z.array(ChannelFigures),
      lowStock: z.array(LowStockItem),
      latestActivity: z.array(Activity),
    })
    .meta({ id: 'Overview' }),
});

export const reportRoutes = [overview, revenue, ordersByStage, leadsByChannel, lowStock, activity, campaigns];
