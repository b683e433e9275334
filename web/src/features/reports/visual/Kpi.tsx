import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight } from '@tabler/icons-react';
import { type ReportDefinition, type ResultColumn, type ResultRow, usePreviousPeriod } from '../api';
import type { Drill } from './DataTable';
import { formatCell } from './format';
import { figureOf, headingOf } from './model';

const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/**
 * One figure, large, with the change against the same report one period earlier when the visual asks
 * for it (the API moves the relative date filters back; its problem shows when there are none).
 */
export const Kpi = ({
  definition,
  figure,
  row,
  onDrill,
}: {
  definition: ReportDefinition;
  figure: ResultColumn | undefined;
  row: ResultRow | undefined;
  onDrill: ((drill: Drill) => void) | undefined;
}) => {
  const comparing = definition.visual?.compare === 'previous_period';
  const previous = usePreviousPeriod(definition, comparing && figure !== undefined);
  if (!figure) return <Text c="dimmed">Add a value to show it as a KPI.</Text>;
  const now = row?.[figure.name] ?? null;
  const before = previous.data?.rows[0]?.[figure.name] ?? null;
  const change =
    typeof now === 'number' && typeof before === 'number' && before !== 0
      ? (now - before) / Math.abs(before)
      : undefined;
  return (
    <Stack gap={4} py="md" data-testid="report-kpi">
      <Text size="sm" c="dimmed">
        {headingOf(figure)}
      </Text>
      <Text fz={40} fw={700} lh={1.1}>
        {formatCell(figure, now)}
      </Text>
      {comparing && (
        <Group gap="xs">
          {previous.isError ? (
            <Text size="sm" c="red.8" role="alert">
              {previous.error instanceof Error ? previous.error.message : 'No comparison'}
            </Text>
          ) : previous.isPending ? (
            <Text size="sm" c="dimmed">
              Comparing with the previous period…
            </Text>
          ) : (
            <>
              {change !== undefined && (
                <Badge
                  color={change >= 0 ? 'teal' : 'red'}
                  variant="light"
                  leftSection={
                    change >= 0 ? (
                      <IconArrowUpRight size={14} aria-hidden />
                    ) : (
                      <IconArrowDownRight size={14} aria-hidden />
                    )
                  }
                >
                  {change >= 0 ? '+' : ''}
                  {percentFormat.format(change)}
                </Badge>
              )}
              <Text size="sm" c="dimmed">
                against {formatCell(figure, before)} the period before
              </Text>
            </>
          )}
        </Group>
      )}
      {onDrill && (
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={() => {
              const { value } = figureOf(figure);
              onDrill({ point: {}, ...(value ? { value } : {}), label: headingOf(figure) });
            }}
          >
            Records behind it
          </Button>
        </Group>
      )}
    </Stack>
  );
};
