import { ulid } from 'ulid';
import type { Material } from '../../../domain/catalog/models.ts';
import { readStream } from '../../adapters/event-store.ts';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const models = recordsOf(aggregates.model, api.modelActionRoutes);

/** A bill of materials may only name items inventory knows: builds consume them from stock. */
const knownItems = async (materials: readonly Material[]) => {
  const ids = [...new Set(materials.map((m) => m.itemId))];
  const items = await Promise.all(ids.map((id) => loadRecord(aggregates.item, id)));
  const unknown = ids.filter((_, i) => !items[i]!.state.exists);
  if (unknown.length > 0)
    throw new HttpProblem(
      422,
      'unknown-item',
      'Unknown inventory item',
      `No inventory item ${unknown.join(', ')}`,
    );
};

/** Base and option prices after each change, read from the model's own history. */
const priceHistory = async (id: string) => {
  const commits = await readStream(aggregates.model.stream(id));
  if (commits.length === 0) throw notFound(`Model ${id}`);
  const items: { at: string; basePriceCents: number; options: { code: string; priceCents: number }[] }[] = [];
  const { decider } = aggregates.model;
  let state = decider.initialState;
  for (const commit of commits) {
    const before = state;
    state = commit.events.reduce((s, e) => decider.evolve(s, e as never), state);
    if (!state.exists) continue;
    const prices = (s: typeof state) =>
      s.exists ? JSON.stringify([s.basePriceCents, s.options.map((o) => [o.code, o.priceCents])]) : '';
    if (prices(before) === prices(state)) continue;
    items.push({
      at: commit.committedAt,
      basePriceCents: state.basePriceCents,
      options: state.options.map((o) => ({ code: o.code, priceCents: o.priceCents })),
    });
  }
  return { body: { items } };
};

export const handler = httpHandler('catalog', [
  implement(api.listModels, ({ query, actor }) => models.list(actor, query)),
  implement(api.createModel, async (request) => {
    const modelId = ulid();
    const { body } = request;
    await knownItems([...body.materials, ...body.options.flatMap((o) => o.materials)]);
    return models.command(request, modelId, { type: 'CreateModel', modelId, ...body });
  }),
  implement(api.getModel, ({ params, actor }) => models.read(actor, params.id)),
  implement(api.repriceModel, (request) =>
    models.command(request, request.params.id, { type: 'RepriceModel', ...request.body }),
  ),
  implement(api.setModelOption, async (request) => {
    await knownItems(request.body.materials);
    return models.command(request, request.params.id, {
      type: 'SetModelOption',
      option: request.body,
    });
  }),
  implement(api.removeModelOption, (request) =>
    models.command(request, request.params.id, {
      type: 'RemoveModelOption',
      code: request.params.code,
    }),
  ),
  implement(api.changeModelSpecs, (request) =>
    models.command(request, request.params.id, { type: 'ChangeModelSpecs', ...request.body }),
  ),
  implement(api.setModelMaterials, async (request) => {
    await knownItems(request.body.materials);
    return models.command(request, request.params.id, {
      type: 'SetModelMaterials',
      materials: request.body.materials,
    });
  }),
  implement(api.modelPrices, ({ params }) => priceHistory(params.id)),
  implement(api.retireModel, (request) =>
    models.command(request, request.params.id, { type: 'RetireModel' }),
  ),
  implement(api.modelEvents, ({ params }) => models.history(params.id)),
]);
