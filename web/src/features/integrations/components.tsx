import { Badge } from '@mantine/core';
import { DELIVERY_COLORS, DELIVERY_LABELS } from './labels';
import type { IntegrationStatus, WebhookDelivery } from './types';

/** Status in words and colour, so colour never carries meaning alone. */
export const StatusBadge = ({ status }: { status: IntegrationStatus }) => (
  <Badge color={status === 'active' ? 'green' : 'gray'} variant="light" radius="sm">
    {status === 'active' ? 'Active' : 'Disabled'}
  </Badge>
);

export const DeliveryBadge = ({ status }: { status: WebhookDelivery['status'] }) => (
  <Badge color={DELIVERY_COLORS[status]} variant="light" radius="sm">
    {DELIVERY_LABELS[status]}
  </Badge>
);
