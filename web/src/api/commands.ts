import { api, once, target } from './client';
import type {
  ChangeCustomerBody,
  CreateModelBody,
  ModelOption,
  PayDepositBody,
  PlaceOrderBody,
  RegisterCustomerBody,
} from './types';

/** Every command the console sends. POSTs carry an Idempotency-Key; changes to a record its If-Match version. */
export const commands = {
  createModel: (body: CreateModelBody, idempotencyKey: string) =>
    api.post('/api/models', { body, params: { header: once(idempotencyKey) } }),
  repriceModel: (id: string, version: number, basePriceCents: number, idempotencyKey: string) =>
    api.post('/api/models/{id}/price', {
      body: { basePriceCents },
      params: target(id, version, idempotencyKey),
    }),
  setModelOption: (id: string, version: number, option: ModelOption, idempotencyKey: string) =>
    api.post('/api/models/{id}/options', { body: option, params: target(id, version, idempotencyKey) }),
  retireModel: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/models/{id}/retire', { params: target(id, version, idempotencyKey) }),

  registerCustomer: (body: RegisterCustomerBody, idempotencyKey: string) =>
    api.post('/api/customers', { body, params: { header: once(idempotencyKey) } }),
  changeCustomer: (id: string, version: number, body: ChangeCustomerBody) =>
    api.patch('/api/customers/{id}', { body, params: target(id, version) }),

  placeOrder: (body: PlaceOrderBody, idempotencyKey: string) =>
    api.post('/api/orders', { body, params: { header: once(idempotencyKey) } }),
  payDeposit: (id: string, version: number, body: PayDepositBody, idempotencyKey: string) =>
    api.post('/api/orders/{id}/deposit', { body, params: target(id, version, idempotencyKey) }),
  startBuild: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/orders/{id}/start-build', { params: target(id, version, idempotencyKey) }),
  completeBuild: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/orders/{id}/complete-build', { params: target(id, version, idempotencyKey) }),
  deliver: (id: string, version: number, idempotencyKey: string) =>
    api.post('/api/orders/{id}/deliver', { params: target(id, version, idempotencyKey) }),
  cancelOrder: (id: string, version: number, reason: string, idempotencyKey: string) =>
    api.post('/api/orders/{id}/cancel', { body: { reason }, params: target(id, version, idempotencyKey) }),
};
