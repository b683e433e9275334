import * as z from 'zod';
import { BUILD_ACTIONS, BUILD_STATUSES, type BuildAction } from '../../../domain/production/builds.ts';
import { BUILD_STAGES, DELAY_REASONS } from '../../../events/contexts/production.ts';
import { aggregates } from '../../application/aggregates.ts';
import { DayInput, MaterialBody, Note, On, Text } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { actionsOf, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

export const BuildStatus = z.enum(BUILD_STATUSES).meta({ id: 'BuildStatus' });
export const BuildStage = z.enum(BUILD_STAGES).meta({ id: 'BuildStage' });
const DelayReason = z.enum(DELAY_REASONS).meta({ id: 'DelayReason' });

export const Build = z
  .object({
    id: Id.meta({ description: 'The build id: the id of its order' }),
    orderId: Id,
    modelId: Id,
    modelName: z.string(),
    bay: z.string(),
    startOn: z.string(),
    dueOn: z.string(),
    originalDueOn: z.string(),
    materials: z.array(MaterialBody),
    status: BuildStatus,
    stage: BuildStage.nullable(),
    stagesDone: z.array(z.object({ stage: BuildStage, on: z.string() })),
    delays: z.array(z.object({ reason: DelayReason, days: z.number().int(), note: z.string().optional() })),
    delayDays: z.number().int(),
    startedOn: z.string().optional(),
    completedOn: z.string().optional(),
    late: z.boolean().optional(),
    cancelReason: z.string().optional(),
    actions: actionsOf(BUILD_ACTIONS, 'BuildAction'),
    ...Meta,
  })
  .meta({ id: 'Build' });

const tag = 'Production';

export const listBuilds = defineRoute({
  method: 'GET',
  path: '/api/builds',
  permission: aggregates.build.read,
  summary: 'List builds, newest first, optionally by status, stage or bay',
  tag,
  query: PageQuery.extend({
    status: BuildStatus.optional(),
    stage: BuildStage.optional(),
    bay: z.string().max(40).optional(),
  }).strict(),
  response: page(Build, 'BuildPage'),
});

export const scheduleBuild = defineRoute({
  method: 'POST',
  path: '/api/builds',
  permission: 'production:write',
  summary:
    'Give an order with a paid deposit a build slot; its long-lead materials (14+ days) are reserved in stock',
  tag,
  status: 201,
  body: z
    .object({ orderId: Id, bay: Text(40), startOn: DayInput, dueOn: DayInput })
    .strict()
    .meta({ id: 'ScheduleBuild' }),
  response: Build,
});

export const getBuild = defineRoute({
  method: 'GET',
  path: '/api/builds/{id}',
  permission: aggregates.build.read,
  summary: 'Read a build (its id is its order’s id)',
  tag,
  params: IdParams,
  response: Build,
});

export const buildEvents = defineRoute({
  method: 'GET',
  path: '/api/builds/{id}/events',
  permission: 'events:read',
  summary: "A build's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const startBuild = defineRoute({
  method: 'POST',
  path: '/api/builds/{id}/start',
  permission: 'production:write',
  summary:
    'Start framing: consumes the bill of materials from stock (refused if any item is short) and moves the order into build',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ on: On }).strict().meta({ id: 'StartBuild' }),
  response: Build,
});

export const completeStage = defineRoute({
  method: 'POST',
  path: '/api/builds/{id}/complete-stage',
  permission: 'production:write',
  summary: 'Complete the current stage; passing inspection completes the build and makes the order ready',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ stage: BuildStage, on: On }).strict().meta({ id: 'CompleteStage' }),
  response: Build,
});

export const delayBuild = defineRoute({
  method: 'POST',
  path: '/api/builds/{id}/delay',
  permission: 'production:write',
  summary: 'Record a delay, its reason and how many days it adds',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ reason: DelayReason, days: z.number().int().min(1).max(365), note: Note.optional() })
    .strict()
    .meta({ id: 'DelayBuild' }),
  response: Build,
});

export const productionRoutes = [
  listBuilds,
  scheduleBuild,
  getBuild,
  buildEvents,
  startBuild,
  completeStage,
  delayBuild,
];

/** The route that performs each build action; its permission decides who is offered the action. */
export const buildActionRoutes = {
  start: startBuild,
  'complete-stage': completeStage,
  delay: delayBuild,
} satisfies Record<BuildAction, RouteContract>;
