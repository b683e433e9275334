import { Badge, Tooltip } from '@mantine/core';
import { percent } from '../../lib/format';
import type { ForecastList } from './api';

type Accuracy = ForecastList['items'][number]['accuracy'];

export const maseText = (a: Accuracy) => (a.mase === null ? 'not tested' : a.mase.toFixed(2));
export const coverageText = (value: number | null) => (value === null ? '–' : percent(value));

/**
 * How a series' bands held on backtests next to what they claim: green within five points of the
 * claim, orange when they held less often (too narrow), grey when untested.
 */
export const CoverageBadge = ({ claimed, measured }: { claimed: number; measured: number | null }) => {
  const color = measured === null ? 'gray' : measured >= claimed - 0.05 ? 'teal' : 'orange';
  return (
    <Tooltip label={`The ${percent(claimed)} band held ${coverageText(measured)} of held-out months`}>
      <Badge variant="light" radius="sm" color={color}>
        {coverageText(measured)} / {percent(claimed)}
      </Badge>
    </Tooltip>
  );
};
