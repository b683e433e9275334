import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { FieldRef, PERIODS } from './report-definition.ts';

/**
 * Dashboards (issue 14): saved reports and templates arranged as tiles on a grid, with filters shared
 * by every tile they fit. Stream: `dashboard-<dashboardId>`; the Overview is `dashboard-overview` once
 * an owner or admin first customises it.
 */
const Owner = z.object({ id: z.string(), email: z.string().optional() });

/** How many of the grid's three columns a tile spans. */
export const TILE_WIDTHS = [1, 2, 3] as const;

export const DashboardTile = z
  .object({
    tileId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'Letters, digits, dashes and underscores')
      .meta({ description: 'Unique on its dashboard; names the tile in its results route' }),
    source: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('report'), reportId: z.string().min(1).max(100) }).strict(),
        z.object({ kind: z.literal('template'), templateId: z.string().min(1).max(100) }).strict(),
      ])
      .meta({ id: 'DashboardTileSource' }),
    title: z.string().trim().max(120).optional().meta({ description: "Default: the report's name" }),
    width: z
      .union(TILE_WIDTHS.map((w) => z.literal(w)))
      .default(1)
      .meta({ description: 'Columns of the three-column grid it spans' }),
  })
  .strict()
  .meta({ id: 'DashboardTile' });
export type DashboardTile = z.infer<typeof DashboardTile>;

/**
 * A filter every tile it fits gets. A date range fits a tile through `field` when its dataset has that
 * date, otherwise through the date the tile's report already filters or groups by; it replaces the
 * tile's own range on that date. An equality filter fits a tile whose dataset has a non-date field of
 * that name, and narrows it further.
 */
export const SharedFilter = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('date'),
        field: FieldRef.optional().meta({
          description: 'The date to filter; default: the date each tile is about',
        }),
        range: z.discriminatedUnion('op', [
          z.object({
            op: z.literal('in_last'),
            amount: z.number().int().min(1).max(1000),
            unit: z.enum(PERIODS),
          }),
          z.object({ op: z.literal('in_current'), unit: z.enum(PERIODS) }),
          z.object({
            op: z.literal('between'),
            from: z.iso.date(),
            to: z.iso.date(),
          }),
        ]),
      })
      .strict(),
    z
      .object({
        kind: z.literal('equals'),
        field: FieldRef,
        values: z
          .array(z.union([z.string().max(500), z.number(), z.boolean()]))
          .min(1)
          .max(100),
      })
      .strict(),
  ])
  .meta({ id: 'DashboardFilter' });
export type SharedFilter = z.infer<typeof SharedFilter>;

const Content = {
  name: z.string(),
  description: z.string(),
  tiles: z.array(DashboardTile),
  filters: z.array(SharedFilter),
};

export const DashboardCreated = defineEvent({
  type: 'DashboardCreated',
  context: 'reports',
  summary: 'A dashboard was made: its tiles and shared filters',
  schema: z.object({ dashboardId: z.string(), owner: Owner, ...Content }),
});

export const DashboardEdited = defineEvent({
  type: 'DashboardEdited',
  context: 'reports',
  summary: "A dashboard's name, description, tiles (their order and widths) or shared filters changed",
  schema: z.object({ dashboardId: z.string(), ...Content }),
});

export const DashboardArchived = defineEvent({
  type: 'DashboardArchived',
  context: 'reports',
  summary: 'A dashboard was archived: it can no longer change; its history stays',
  schema: z.object({ dashboardId: z.string() }),
});
