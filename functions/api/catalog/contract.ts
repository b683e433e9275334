import * as z from 'zod';
import { MODEL_ACTIONS, type ModelAction } from '../../../domain/catalog/models.ts';
import { MOUNTS, OPTION_KINDS } from '../../../events/contexts/catalog.ts';
import { aggregates } from '../../application/aggregates.ts';
import { MaterialBody } from '../../http/inputs.ts';
import type { RouteContract } from '../../http/route.ts';
import { defineRoute } from '../../http/route.ts';
import { actionsOf, Cents, EventHistory, Id, IdParams, Meta, Name, PageQuery, page } from '../schemas.ts';

export const OptionBody = z
  .object({
    code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Option codes are 1-40 lower-case letters, digits or -'),
    name: Name,
    priceCents: Cents,
  })
  .strict()
  .meta({ id: 'ModelOption' });

/** An option in the catalog: an add-on or an upgrade, its price and what a build with it consumes. */
export const CatalogOptionBody = OptionBody.extend({
  kind: z.enum(OPTION_KINDS).default('option'),
  materials: z.array(MaterialBody).max(50).default([]),
})
  .strict()
  .meta({ id: 'CatalogOption' });

export const Mount = z
  .enum(MOUNTS)
  .meta({ id: 'Mount', description: 'Built on a trailer or for a foundation' });

export const Model = z
  .object({
    id: Id,
    name: z.string(),
    basePriceCents: Cents,
    options: z.array(CatalogOptionBody),
    sizeSqFt: z.number().int().nullable(),
    sleeps: z.number().int().nullable(),
    mount: Mount,
    materials: z.array(MaterialBody),
    retired: z.boolean(),
    actions: actionsOf(MODEL_ACTIONS, 'ModelAction'),
    ...Meta,
  })
  .meta({ id: 'Model' });

const Specs = {
  sizeSqFt: z.number().int().min(50).max(2000),
  sleeps: z.number().int().min(1).max(20),
};

const tag = 'Catalog';

export const listModels = defineRoute({
  method: 'GET',
  path: '/api/models',
  permission: aggregates.model.read,
  summary: 'List tiny-home models',
  tag,
  query: PageQuery,
  response: page(Model, 'ModelPage'),
});

export const createModel = defineRoute({
  method: 'POST',
  path: '/api/models',
  permission: 'catalog:write',
  summary: 'Add a model to the catalog',
  tag,
  status: 201,
  body: z
    .object({
      name: Name,
      basePriceCents: Cents,
      options: z.array(CatalogOptionBody).max(100).default([]),
      sizeSqFt: Specs.sizeSqFt.optional(),
      sleeps: Specs.sleeps.optional(),
      mount: Mount.default('trailer'),
      materials: z.array(MaterialBody).max(50).default([]),
    })
    .strict()
    .meta({ id: 'CreateModel' }),
  response: Model,
});

export const getModel = defineRoute({
  method: 'GET',
  path: '/api/models/{id}',
  permission: aggregates.model.read,
  summary: 'Read a model',
  tag,
  params: IdParams,
  response: Model,
});

export const repriceModel = defineRoute({
  method: 'POST',
  path: '/api/models/{id}/price',
  permission: 'catalog:write',
  summary: "Change a model's base price",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ basePriceCents: Cents }).strict().meta({ id: 'RepriceModel' }),
  response: Model,
});

export const setModelOption = defineRoute({
  method: 'POST',
  path: '/api/models/{id}/options',
  permission: 'catalog:write',
  summary: 'Add an option or upgrade to a model, or change its name, price or materials',
  tag,
  params: IdParams,
  ifMatch: true,
  body: CatalogOptionBody,
  response: Model,
});

export const removeModelOption = defineRoute({
  method: 'DELETE',
  path: '/api/models/{id}/options/{code}',
  permission: 'catalog:write',
  summary: 'Withdraw an option from a model',
  tag,
  params: z.object({ id: Id, code: z.string().regex(/^[a-z0-9-]{1,40}$/) }).strict(),
  ifMatch: true,
  response: Model,
});

export const changeModelSpecs = defineRoute({
  method: 'PATCH',
  path: '/api/models/{id}',
  permission: 'catalog:write',
  summary: "Change a model's name, size, sleeping places or mounting",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({
      name: Name.optional(),
      sizeSqFt: Specs.sizeSqFt.optional(),
      sleeps: Specs.sleeps.optional(),
      mount: Mount.optional(),
    })
    .strict()
    .meta({ id: 'ChangeModelSpecs' }),
  response: Model,
});

export const setModelMaterials = defineRoute({
  method: 'PUT',
  path: '/api/models/{id}/materials',
  permission: 'catalog:write',
  summary: "Replace a model's bill of materials (what every build consumes before options)",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ materials: z.array(MaterialBody).max(50) })
    .strict()
    .meta({ id: 'SetModelMaterials' }),
  response: Model,
});

export const PricePoint = z
  .object({
    at: z.string(),
    basePriceCents: Cents,
    options: z.array(z.object({ code: z.string(), priceCents: Cents })),
  })
  .meta({ id: 'PricePoint' });

export const modelPrices = defineRoute({
  method: 'GET',
  path: '/api/models/{id}/prices',
  permission: aggregates.model.read,
  summary: "A model's price history: its base and option prices after every change, oldest first",
  tag,
  params: IdParams,
  response: z.object({ items: z.array(PricePoint) }).meta({ id: 'PriceHistory' }),
});

export const retireModel = defineRoute({
  method: 'POST',
  path: '/api/models/{id}/retire',
  permission: 'catalog:write',
  summary: 'Retire a model so it can no longer be ordered',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Model,
});

export const modelEvents = defineRoute({
  method: 'GET',
  path: '/api/models/{id}/events',
  permission: 'events:read',
  summary: "A model's full event history",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const catalogRoutes = [
  listModels,
  createModel,
  getModel,
  repriceModel,
  setModelOption,
  removeModelOption,
  changeModelSpecs,
  setModelMaterials,
  modelPrices,
  retireModel,
  modelEvents,
];

/** The route that performs each model action; its permission decides who is offered the action. */
export const modelActionRoutes = {
  reprice: repriceModel,
  'set-option': setModelOption,
  'remove-option': removeModelOption,
  'change-specs': changeModelSpecs,
  'set-materials': setModelMaterials,
  retire: retireModel,
} satisfies Record<ModelAction, RouteContract>;
