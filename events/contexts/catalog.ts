import { z } from 'zod';
import { defineEvent } from '../define.ts';

export const ModelOption = z.object({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(120),
  priceCents: z.number().int().min(0),
});

export const ModelCreated = defineEvent({
  type: 'ModelCreated',
  context: 'catalog',
  summary: 'A tiny-home model was added to the catalog',
  schema: z.object({
    modelId: z.string(),
    name: z.string(),
    basePriceCents: z.number().int().min(0),
    options: z.array(ModelOption),
  }),
});

export const ModelRepriced = defineEvent({
  type: 'ModelRepriced',
  context: 'catalog',
  summary: 'The base price of a model changed',
  schema: z.object({ modelId: z.string(), basePriceCents: z.number().int().min(0) }),
});

export const ModelOptionSet = defineEvent({
  type: 'ModelOptionSet',
  context: 'catalog',
  summary: 'An option was added to a model or its price changed',
  schema: z.object({ modelId: z.string(), option: ModelOption }),
});

export const ModelRetired = defineEvent({
  type: 'ModelRetired',
  context: 'catalog',
  summary: 'A model was retired and can no longer be ordered',
  schema: z.object({ modelId: z.string() }),
});
