import * as z from 'zod';
import { defineEvent } from '../define.ts';

/** An option as an order records it: what was chosen and at what price. Orders keep this v1 shape. */
export const ModelOption = z.object({
  code: z.string().min(1).max(40),
  name: z.string().min(1).max(120),
  priceCents: z.number().int().min(0),
});

/** One line of a bill of materials: an inventory item and how many of it a build consumes. */
export const Material = z.object({
  itemId: z.string().min(1).max(64),
  quantity: z.number().int().positive(),
});

export const OPTION_KINDS = ['option', 'upgrade'] as const;

/** An option in the catalog: an add-on (`option`) or a better version of a standard part (`upgrade`). */
export const CatalogOption = ModelOption.extend({
  kind: z.enum(OPTION_KINDS),
  materials: z.array(Material),
});

export const MOUNTS = ['trailer', 'foundation'] as const;

const ModelCreatedV1 = z.object({
  modelId: z.string(),
  name: z.string(),
  basePriceCents: z.number().int().min(0),
  options: z.array(ModelOption),
});

/** v1 options predate material bills: they consumed nothing that was tracked, and were all add-ons. */
const upcastOption = (option: z.infer<typeof ModelOption>) => ({
  ...option,
  kind: 'option' as const,
  materials: [],
});

export const ModelCreated = defineEvent({
  type: 'ModelCreated',
  context: 'catalog',
  summary: 'A tiny-home model was added to the catalog',
  schema: ModelCreatedV1.extend({
    options: z.array(CatalogOption),
    /** Null on models added before their specifications were recorded. */
    sizeSqFt: z.number().int().positive().nullable(),
    sleeps: z.number().int().positive().nullable(),
    mount: z.enum(MOUNTS),
    /** What every build of the model consumes, before options. */
    materials: z.array(Material),
  }),
  history: [
    {
      version: 1,
      schema: ModelCreatedV1,
      // Every model sold before specs were tracked was built on a trailer.
      upcast: (d) => {
        const v1 = d as z.infer<typeof ModelCreatedV1>;
        return {
          ...v1,
          options: v1.options.map(upcastOption),
          sizeSqFt: null,
          sleeps: null,
          mount: 'trailer',
          materials: [],
        };
      },
    },
  ],
});

export const ModelRepriced = defineEvent({
  type: 'ModelRepriced',
  context: 'catalog',
  summary: 'The base price of a model changed',
  schema: z.object({ modelId: z.string(), basePriceCents: z.number().int().min(0) }),
});

const ModelOptionSetV1 = z.object({ modelId: z.string(), option: ModelOption });

export const ModelOptionSet = defineEvent({
  type: 'ModelOptionSet',
  context: 'catalog',
  summary: 'An option was added to a model, or its name, price or materials changed',
  schema: z.object({ modelId: z.string(), option: CatalogOption }),
  history: [
    {
      version: 1,
      schema: ModelOptionSetV1,
      upcast: (d) => {
        const v1 = d as z.infer<typeof ModelOptionSetV1>;
        return { ...v1, option: upcastOption(v1.option) };
      },
    },
  ],
});

export const ModelOptionRemoved = defineEvent({
  type: 'ModelOptionRemoved',
  context: 'catalog',
  summary: 'An option was withdrawn from a model',
  schema: z.object({ modelId: z.string(), code: z.string() }),
});

export const ModelSpecsChanged = defineEvent({
  type: 'ModelSpecsChanged',
  context: 'catalog',
  summary: "A model's name, size, sleeping places or mounting changed",
  schema: z.object({
    modelId: z.string(),
    name: z.string().optional(),
    sizeSqFt: z.number().int().positive().optional(),
    sleeps: z.number().int().positive().optional(),
    mount: z.enum(MOUNTS).optional(),
  }),
});

export const ModelMaterialsSet = defineEvent({
  type: 'ModelMaterialsSet',
  context: 'catalog',
  summary: "A model's bill of materials changed",
  schema: z.object({ modelId: z.string(), materials: z.array(Material) }),
});

export const ModelRetired = defineEvent({
  type: 'ModelRetired',
  context: 'catalog',
  summary: 'A model was retired and can no longer be ordered',
  schema: z.object({ modelId: z.string() }),
});
