import { ulid } from 'ulid';
import { type Material, modelDecider } from '../../../domain/catalog/models.ts';
import { itemDecider } from '../../../domain/inventory/items.ts';
import { streamId } from '../../../events/envelope.ts';
import { readStream } from '../../adapters/event-store.ts';
import { listRows } from '../../adapters/views.ts';
import { load } from '../../application/command.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import { command, history, readRecord, rowDto } from '../records.ts';
import * as api from './contract.ts';

/** A bill of materials may only name items inventory knows: builds consume them from stock. */
const knownItems = async (materials: readonly Material[]) => {
  const ids = [...new Set(materials.map((m) => m.itemId))];
  const items = await Promise.all(ids.map((id) => load(itemDecider, streamId('item', id))));
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
  const commits = await readStream(streamId('model', id));
  if (commits.length === 0) throw notFound(`Model ${id}`);
  const items: { at: string; basePriceCents: number; options: { code: string; priceCents: number }[] }[] = [];
  let state = modelDecider.initialState;
  for (const commit of commits) {
    const before = state;
    state = commit.events.reduce((s, e) => modelDecider.evolve(s, e as never), state);
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
  implement(api.listModels, async ({ query }) => {
    const page = await listRows('models', query);
    return { body: { items: page.items.map(rowDto), nextCursor: page.nextCursor } };
  }),
  implement(api.createModel, async (request) => {
    const modelId = ulid();
    const { body } = request;
    await knownItems([...body.materials, ...body.options.flatMap((o) => o.materials)]);
    return command(request, modelDecider, 'model', modelId, { type: 'CreateModel', modelId, ...body });
  }),
  implement(api.getModel, ({ params }) => readRecord(modelDecider, 'model', params.id, 'Model')),
  implement(api.repriceModel, (request) =>
    command(request, modelDecider, 'model', request.params.id, { type: 'RepriceModel', ...request.body }),
  ),
  implement(api.setModelOption, async (request) => {
    await knownItems(request.body.materials);
    return command(request, modelDecider, 'model', request.params.id, {
      type: 'SetModelOption',
      option: request.body,
    });
  }),
  implement(api.removeModelOption, (request) =>
    command(request, modelDecider, 'model', request.params.id, {
      type: 'RemoveModelOption',
      code: request.params.code,
    }),
  ),
  implement(api.changeModelSpecs, (request) =>
    command(request, modelDecider, 'model', request.params.id, { type: 'ChangeModelSpecs', ...request.body }),
  ),
  implement(api.setModelMaterials, async (request) => {
    await knownItems(request.body.materials);
    return command(request, modelDecider, 'model', request.params.id, {
      type: 'SetModelMaterials',
      materials: request.body.materials,
    });
  }),
  implement(api.modelPrices, ({ params }) => priceHistory(params.id)),
  implement(api.retireModel, (request) =>
    command(request, modelDecider, 'model', request.params.id, { type: 'RetireModel' }),
  ),
  implement(api.modelEvents, ({ params }) => history('model', params.id, 'Model')),
]);
