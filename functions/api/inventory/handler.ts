import { ulid } from 'ulid';
import { itemDecider } from '../../../domain/inventory/items.ts';
import { supplierDecider } from '../../../domain/purchasing/suppliers.ts';
import { streamId } from '../../../events/envelope.ts';
import { load } from '../../application/command.ts';
import { httpHandler, implement } from '../../http/handler.ts';
import { HttpProblem } from '../../http/problem.ts';
import { listPage } from '../../http/requests.ts';
import { command, history, readRecord } from '../records.ts';
import * as api from './contract.ts';

export const handler = httpHandler('inventory', [
  implement(api.listItems, ({ query }) => listPage('items', query, ['supplierId'])),
  implement(api.registerItem, async (request) => {
    const { supplierId } = request.body;
    if (supplierId && !(await load(supplierDecider, streamId('supplier', supplierId))).state.exists)
      throw new HttpProblem(422, 'supplier-not-found', 'Unknown supplier', `No supplier ${supplierId}`);
    const itemId = ulid();
    return command(request, itemDecider, 'item', itemId, { type: 'RegisterItem', itemId, ...request.body });
  }),
  implement(api.getItem, ({ params }) => readRecord(itemDecider, 'item', params.id, 'Item')),
  implement(api.itemEvents, ({ params }) => history('item', params.id, 'Item')),
  implement(api.changeItemCost, (request) =>
    command(request, itemDecider, 'item', request.params.id, { type: 'ChangeItemCost', ...request.body }),
  ),
  implement(api.setReorderPolicy, (request) =>
    command(request, itemDecider, 'item', request.params.id, { type: 'SetReorderPolicy', ...request.body }),
  ),
  implement(api.adjustStock, (request) =>
    command(request, itemDecider, 'item', request.params.id, { type: 'AdjustStock', ...request.body }),
  ),
  implement(api.receiveStock, async (request) => {
    const { id } = request.params;
    const current = await load(itemDecider, streamId('item', id));
    const unitCostCents =
      request.body.unitCostCents ?? (current.state.exists ? current.state.unitCostCents : 0);
    return command(request, itemDecider, 'item', id, {
      type: 'ReceiveStock',
      quantity: request.body.quantity,
      unitCostCents,
    });
  }),
]);
