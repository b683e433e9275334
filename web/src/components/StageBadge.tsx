import { Badge } from '@mantine/core';
import type { OrderStage } from '../api/types';
import { STAGE_COLORS, STAGE_LABELS } from '../lib/format';

export const StageBadge = ({ stage }: { stage: OrderStage }) => (
  <Badge color={STAGE_COLORS[stage]} variant="light" radius="sm">
    {STAGE_LABELS[stage]}
  </Badge>
);
