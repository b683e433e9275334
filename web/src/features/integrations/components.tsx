import { Badge, Button } from '@mantine/core';
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { offers } from '../../lib/actions';
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

/**
 * Disable (which opens the form asking why) and Enable, each shown when the record offers it: the
 * header actions integrations and webhook endpoints share.
 */
export const SwitchButtons = ({
  record,
  onDisable,
  enabling,
  onEnable,
}: {
  record: { actions: readonly string[] };
  onDisable: () => void;
  enabling: boolean;
  onEnable: () => void;
}) => (
  <>
    {offers(record, 'disable') && (
      <Button
        variant="light"
        color="red"
        leftSection={<IconPlugConnectedX size={16} aria-hidden />}
        onClick={onDisable}
      >
        Disable
      </Button>
    )}
    {offers(record, 'enable') && (
      <Button leftSection={<IconPlugConnected size={16} aria-hidden />} loading={enabling} onClick={onEnable}>
        Enable
      </Button>
    )}
  </>
);
