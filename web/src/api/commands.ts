import { api } from './client';
import type {
  ChangeCustomerBody,
  CreateModelBody,
  Customer,
  Model,
  ModelOption,
  Order,
  PayDepositBody,
  PlaceOrderBody,
  RegisterCustomerBody,
} from './types';

/** Every command the console sends. POSTs carry an Idempotency-Key; changes to a record its If-Match version. */
const at = (resource: string, id: string, action = '') =>
  `/api/${resource}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

export const commands = {
  createModel: (body: CreateModelBody, idempotencyKey: string) =>
    api.post<Model>('/api/models', { body, idempotencyKey }),
  repriceModel: (id: string, version: number, basePriceCents: number, idempotencyKey: string) =>
    api.post<Model>(at('models', id, 'price'), {
      body: { basePriceCents },
      ifMatch: version,
      idempotencyKey,
    }),
  setModelOption: (id: string, version: number, option: ModelOption, idempotencyKey: string) =>
    api.post<Model>(at('models', id, 'options'), { body: option, ifMatch: version, idempotencyKey }),
  retireModel: (id: string, version: number, idempotencyKey: string) =>
    api.post<Model>(at('models', id, 'retire'), { ifMatch: version, idempotencyKey }),

  registerCustomer: (body: RegisterCustomerBody, idempotencyKey: string) =>
    api.post<Customer>('/api/customers', { body, idempotencyKey }),
  changeCustomer: (id: string, version: number, body: ChangeCustomerBody) =>
    api.patch<Customer>(at('customers', id), { body, ifMatch: version }),

  placeOrder: (body: PlaceOrderBody, idempotencyKey: string) =>
    api.post<Order>('/api/orders', { body, idempotencyKey }),
  payDeposit: (id: string, version: number, body: PayDepositBody, idempotencyKey: string) =>
    api.post<Order>(at('orders', id, 'deposit'), { body, ifMatch: version, idempotencyKey }),
  startBuild: (id: string, version: number, idempotencyKey: string) =>
    api.post<Order>(at('orders', id, 'start-build'), { ifMatch: version, idempotencyKey }),
  completeBuild: (id: string, version: number, idempotencyKey: string) =>
    api.post<Order>(at('orders', id, 'complete-build'), { ifMatch: version, idempotencyKey }),
  deliver: (id: string, version: number, idempotencyKey: string) =>
    api.post<Order>(at('orders', id, 'deliver'), { ifMatch: version, idempotencyKey }),
  cancelOrder: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post<Order>(at('orders', id, 'cancel'), { body: { reason }, ifMatch: version, idempotencyKey }),
};
