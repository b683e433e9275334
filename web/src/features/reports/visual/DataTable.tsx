import { Table, UnstyledButton } from '@mantine/core';
import type { Cell, ResultColumn, ResultRow } from '../api';
import { formatCell } from './format';
import { figureOf, headingOf, pointOf } from './model';

export interface Drill {
  point: Record<string, Cell>;
  value?: string;
  /** What the mark is, in words, for the drill-down's title. */
  label: string;
}

interface Props {
  columns: ResultColumn[];
  rows: ResultRow[];
  caption: string;
  /** Absent: the figures are plain text (a listing, or the records of a drill-down themselves). */
  onDrill?: (drill: Drill) => void;
}

const rowLabel = (row: ResultRow, columns: ResultColumn[]) =>
  columns
    .filter((c) => c.role === 'row')
    .map((c) => formatCell(c, row[c.name] ?? null))
    .join(', ') || 'all';

/**
 * A result as a table: every chart's readable alternative, and the table and pivot visuals. With
 * `onDrill`, each figure is a button opening the records behind it.
 */
export const DataTable = ({ columns, rows, caption, onDrill }: Props) => (
  <Table.ScrollContainer
    minWidth={Math.min(1200, columns.length * 140)}
    // A wide result scrolls sideways: focusable so a keyboard can scroll it too.
    scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}
  >
    <Table striped verticalSpacing={6} aria-label={caption} data-testid="report-table">
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c.name} scope="col" ta={c.type === 'string' ? 'left' : 'right'}>
              {headingOf(c)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, i) => (
          // Rows have no key of their own: a result's order is its identity.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <Table.Tr key={i}>
            {columns.map((c) => {
              const text = formatCell(c, row[c.name] ?? null);
              const figure = c.role === 'value' || c.role === 'calculation';
              return (
                <Table.Td key={c.name} ta={c.type === 'string' ? 'left' : 'right'}>
                  {onDrill && figure ? (
                    <UnstyledButton
                      td="underline dotted"
                      fz="sm"
                      aria-label={`${text}: records behind ${headingOf(c)} for ${rowLabel(row, columns)}`}
                      onClick={() => {
                        const { pivot, value } = figureOf(c);
                        onDrill({
                          point: { ...pointOf(row, columns), ...pivot },
                          ...(value ? { value } : {}),
                          label: `${headingOf(c)} for ${rowLabel(row, columns)}`,
                        });
                      }}
                    >
                      {text}
                    </UnstyledButton>
                  ) : (
                    text
                  )}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  </Table.ScrollContainer>
);
