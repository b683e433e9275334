import { api, once } from '../../api/client';
import type { IssueApiKeyBody } from './types';

/** API keys' commands beyond the generic record hooks (list, detail, history). */
export const apiKeysApi = {
  issue: (body: IssueApiKeyBody, idempotencyKey: string) =>
    api.post('/api/api-keys', { body, params: { header: once(idempotencyKey) } }),
  revoke: (id: string, reason: string, idempotencyKey: string) =>
    api.post('/api/api-keys/{id}/revoke', {
      body: { reason },
      params: { path: { id }, header: once(idempotencyKey) },
    }),
};
