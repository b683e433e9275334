import type { ConnectionCheck, WebhookDelivery } from './types';

export const CHECK_LABELS: Record<ConnectionCheck['check'], string> = {
  reachable: 'Provider reachable',
  tls: 'TLS',
  credential: 'Credential accepted',
  permissions: 'Permissions',
  'webhook-round-trip': 'Webhook round trip',
};

export const OUTCOME_COLORS: Record<ConnectionCheck['outcome'], string> = {
  passed: 'green',
  failed: 'red',
  skipped: 'gray',
};

export const OUTCOME_LABELS: Record<ConnectionCheck['outcome'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Skipped',
};

export const DELIVERY_LABELS: Record<WebhookDelivery['status'], string> = {
  received: 'Received',
  applied: 'Applied',
  ignored: 'Ignored',
  refused: 'Refused',
};

export const DELIVERY_COLORS: Record<WebhookDelivery['status'], string> = {
  received: 'blue',
  applied: 'green',
  ignored: 'gray',
  refused: 'orange',
};
