import { ulid } from 'ulid';
import { aggregates } from '../../application/aggregates.ts';
import { loadRecord } from '../../application/command.ts';
import { httpHandler, implement } from '../../http/adapter.ts';
import { HttpProblem } from '../../http/problem.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';

const items = recordsOf(aggregates.item, api.itemActionRoutes);

export const handler = httpHandler('inventory', [
  implement(api.listItems, ({ query, actor }) => items.list(actor, query)),
  implement(api.registerItem, async (request) => {
    const { supplierId } = request.body;
    if (supplierId && !(await loadRecord(aggregates.supplier, supplierId)).state.exists)
      throw new HttpProblem(422, 'supplier-not-found', 'Unknown supplier', `No supplier ${supplierId}`);
    const itemId = ulid();
    return items.command(request, itemId, { type: 'RegisterItem', itemId, ...request.body });
  }),
  implement(api.getItem, ({ params, actor }) => items.read(actor, params.id)),
  implement(api.itemEvents, ({ params }) => items.history(params.id)),
  implement(api.changeItemCost, (request) =>
    items.command(request, request.params.id, { type: 'ChangeItemCost', ...request.body }),
  ),
  implement(api.setReorderPolicy, (request) =>
    items.command(request, request.params.id, { type: 'SetReorderPolicy', ...request.body }),
  ),
  implement(api.adjustStock, (request) =>
    items.command(request, request.params.id, { type: 'AdjustStock', ...request.body }),
  ),
  implement(api.receiveStock, async (request) => {
    const { id } = request.params;
    const current = await loadRecord(aggregates.item, id);
    const unitCostCents =
      request.body.unitCostCents ?? (current.state.exists ? current.state.unitCostCents : 0);
    return items.command(request, id, {
      type: 'ReceiveStock',
      quantity: request.body.quantity,
      unitCostCents,
    });
  }),
]);
