import * as z from 'zod';
import { defineEvent } from '../define.ts';
import { Material } from './catalog.ts';
import { Day } from './day.ts';

/** The shop floor's stages, in order. Inspection passing completes the build. */
export const BUILD_STAGES = ['framing', 'systems', 'finish', 'inspection'] as const;
export const DELAY_REASONS = [
  'materials',
  'labor',
  'weather',
  'inspection',
  'design_change',
  'equipment',
] as const;

export const BuildScheduled = defineEvent({
  type: 'BuildScheduled',
  context: 'production',
  summary: 'An order got a build slot in a bay, with its bill of materials',
  schema: z.object({
    buildId: z.string(),
    orderId: z.string(),
    modelId: z.string(),
    modelName: z.string(),
    bay: z.string(),
    startOn: Day,
    dueOn: Day,
    materials: z.array(Material),
  }),
});

export const ProductionStarted = defineEvent({
  type: 'ProductionStarted',
  context: 'production',
  summary: 'Framing began; the build consumed its materials from stock',
  schema: z.object({ buildId: z.string(), orderId: z.string(), on: Day }),
});

export const BuildStageCompleted = defineEvent({
  type: 'BuildStageCompleted',
  context: 'production',
  summary: 'A build finished one of its stages',
  schema: z.object({ buildId: z.string(), stage: z.enum(BUILD_STAGES), on: Day }),
});

export const BuildDelayed = defineEvent({
  type: 'BuildDelayed',
  context: 'production',
  summary: 'A build slipped, by how many days and why',
  schema: z.object({
    buildId: z.string(),
    reason: z.enum(DELAY_REASONS),
    days: z.number().int().positive(),
    dueOn: Day,
    note: z.string().optional(),
  }),
});

export const ProductionCompleted = defineEvent({
  type: 'ProductionCompleted',
  context: 'production',
  summary: 'The build passed inspection and the home is ready to ship',
  schema: z.object({ buildId: z.string(), orderId: z.string(), on: Day, late: z.boolean() }),
});

export const BuildCancelled = defineEvent({
  type: 'BuildCancelled',
  context: 'production',
  summary: 'A build was called off, usually because its order was cancelled',
  schema: z.object({ buildId: z.string(), orderId: z.string(), reason: z.string() }),
});
