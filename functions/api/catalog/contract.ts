import { z } from 'zod';
import { defineRoute } from '../../shared/route.ts';
import { Cents, EventHistory, Id, IdParams, Meta, PageQuery, page } from '../schemas.ts';

export const OptionBody = z
  .object({
    code: z.string().regex(/^[a-z0-9-]{1,40}$/, 'Option codes are 1-40 lower-case letters, digits or -'),
    name: z.string().trim().min(1).max(120),
    priceCents: Cents,
  })
  .strict()
  .meta({ id: 'ModelOption' });

export const Model = z
  .object({
    id: Id,
    name: z.string(),
    basePriceCents: Cents,
    options: z.array(OptionBody),
    retired: z.boolean(),
    ...Meta,
  })
  .meta({ id: 'Model' });

const tag = 'Catalog';

export const listModels = defineRoute({
  method: 'GET',
  path: '/api/models',
  permission: 'catalog:read',
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
      name: z.string().trim().min(1).max(120),
      basePriceCents: Cents,
      options: z.array(OptionBody).max(100).default([]),
    })
    .strict()
    .meta({ id: 'CreateModel' }),
  response: Model,
});

export const getModel = defineRoute({
  method: 'GET',
  path: '/api/models/{id}',
  permission: 'catalog:read',
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
  summary: 'Add an option to a model, or change its name and price',
  tag,
  params: IdParams,
  ifMatch: true,
  body: OptionBody,
  response: Model,
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
  retireModel,
  modelEvents,
];
