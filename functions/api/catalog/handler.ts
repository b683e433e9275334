import { ulid } from 'ulid';
import { modelDecider } from '../../../domain/catalog/models.ts';
import { httpHandler, implement } from '../../shared/http.ts';
import { listRows } from '../../shared/views.ts';
import { command, history, readRecord, rowDto } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('catalog', [
  implement(api.listModels, async ({ query }) => {
    const page = await listRows('models', query);
    return { body: { items: page.items.map(rowDto), nextCursor: page.nextCursor } };
  }),
  implement(api.createModel, async (request) => {
    const modelId = ulid();
    const { body } = request;
    return command(request, modelDecider, 'model', modelId, { type: 'CreateModel', modelId, ...body });
  }),
  implement(api.getModel, ({ params }) => readRecord(modelDecider, 'model', params.id, 'Model')),
  implement(api.repriceModel, (request) =>
    command(request, modelDecider, 'model', request.params.id, { type: 'RepriceModel', ...request.body }),
  ),
  implement(api.setModelOption, (request) =>
    command(request, modelDecider, 'model', request.params.id, {
      type: 'SetModelOption',
      option: request.body,
    }),
  ),
  implement(api.retireModel, (request) =>
    command(request, modelDecider, 'model', request.params.id, { type: 'RetireModel' }),
  ),
  implement(api.modelEvents, ({ params }) => history('model', params.id, 'Model')),
]);
