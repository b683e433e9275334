import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Badge, Card, Grid, Group, ScrollArea, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconGripVertical } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { LoadError } from '../../../components/ProblemAlert';
import {
  type Dataset,
  type ReportDefinition,
  type ReportDimension,
  type ReportFilter,
  type ReportValue,
  usePreview,
} from '../api';
import { describeDefinition } from '../describe';
import { ReportVisual } from '../visual/ReportVisual';
import { announcements, screenReaderInstructions, startDrag, zoneKeyboardCoordinates } from './dnd';
import { DimensionItem, FilterItem, ValueItem } from './editors';
import {
  dropped,
  type FieldInfo,
  fieldsOf,
  messagesAt,
  previewable,
  problemsByPath,
  ZONE_LABELS,
  type Zone,
} from './fields';
import { CalculatedFields, ShapeSettings } from './Settings';

const TYPE_COLORS: Record<FieldInfo['type'], string> = {
  string: 'gray',
  integer: 'blue',
  number: 'blue',
  boolean: 'grape',
  date: 'teal',
};

/** A field as it looks in the list and, while dragged, under the pointer. */
const ChipBody = ({ field }: { field: FieldInfo }) => (
  <>
    <IconGripVertical size={14} aria-hidden />
    <Text size="sm" truncate style={{ flex: 1 }}>
      {field.ref}
    </Text>
    <Badge size="xs" variant="light" color={TYPE_COLORS[field.type]}>
      {field.type}
    </Badge>
  </>
);

const chipStyle = {
  border: '1px solid var(--mantine-color-gray-4)',
  borderRadius: 4,
  background: 'var(--mantine-color-body)',
  cursor: 'grab',
  touchAction: 'none',
} as const;

/**
 * A field to drag: by mouse, touch or keyboard (Space picks it up; see dnd.ts). It stays in place while
 * a copy follows the pointer (the DragOverlay): moving it would widen the scrolling field list, which the
 * keyboard sensor would then scroll instead of moving on to the next zone.
 */
const FieldChip = ({ field }: { field: FieldInfo }) => {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: field.ref, data: field });
  return (
    <Group
      ref={setNodeRef}
      {...listeners}
      {...attributes}
      data-field={field.ref}
      gap={6}
      wrap="nowrap"
      px={6}
      py={4}
      style={{ ...chipStyle, opacity: isDragging ? 0.5 : 1 }}
      title={field.description}
    >
      <ChipBody field={field} />
    </Group>
  );
};

/** A zone fields are dropped into, with its items and the problems that name it. */
const ZoneCard = ({
  zone,
  hint,
  messages,
  children,
}: {
  zone: Zone;
  hint: string;
  messages: string[];
  children: ReactNode;
}) => {
  const { setNodeRef, isOver } = useDroppable({ id: zone });
  return (
    <Card
      ref={setNodeRef}
      withBorder
      padding="sm"
      component="section"
      aria-labelledby={`zone-${zone}`}
      data-zone={zone}
      mih={120}
      style={{
        borderStyle: 'dashed',
        borderColor: isOver ? 'var(--mantine-color-blue-7)' : undefined,
        background: isOver ? 'var(--mantine-color-blue-0)' : undefined,
      }}
    >
      <Title order={3} size="h6" id={`zone-${zone}`} mb={6}>
        {ZONE_LABELS[zone]}
      </Title>
      <Stack gap={6}>
        {children}
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
        {messages.map((m) => (
          <Text key={m} size="xs" c="red.8" role="alert">
            {m}
          </Text>
        ))}
      </Stack>
    </Card>
  );
};

const without = <T,>(list: T[] | undefined, i: number) => (list ?? []).filter((_, j) => j !== i);
const replaced = <T,>(list: T[] | undefined, i: number, item: T) =>
  (list ?? []).map((x, j) => (j === i ? item : x));

/**
 * The report builder: a dataset's fields dragged into rows, columns, values and filters, each item's
 * settings beside it, calculated fields, sort, limit and chart; the preview reruns shortly after each
 * change and the API's problems show at the part of the definition they name.
 */
export const Builder = ({
  datasets,
  definition,
  onChange,
  title,
}: {
  datasets: Dataset[];
  definition: ReportDefinition;
  onChange: (next: ReportDefinition) => void;
  title: string;
}) => {
  const [search, setSearch] = useState('');
  const dataset = datasets.find((d) => d.name === definition.dataset);
  const fields = fieldsOf(dataset, definition);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: zoneKeyboardCoordinates }),
  );
  const [debounced] = useDebouncedValue(definition, 400);
  const preview = usePreview(previewable(debounced) ? debounced : undefined);
  const problems = problemsByPath(preview.error);
  const columns = preview.data?.pages[0]?.columns ?? [];

  const [dragging, setDragging] = useState<FieldInfo | undefined>();
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    const field = fields.find((f) => f.ref === active.id);
    const zone = over?.id as Zone | undefined;
    if (!field || !zone) return;
    const item = dropped(zone, field);
    if (zone === 'rows' || zone === 'columns')
      onChange({ ...definition, [zone]: [...(definition[zone] ?? []), item as ReportDimension] });
    else if (zone === 'values')
      onChange({ ...definition, values: [...(definition.values ?? []), item as ReportValue] });
    else onChange({ ...definition, filters: [...(definition.filters ?? []), item as ReportFilter] });
  };

  const shown = fields.filter((f) => f.ref.includes(search.trim().toLowerCase()));
  const groups = [...new Set(shown.map((f) => f.group))];
  const other = preview.isError && problems.size === 0;

  return (
    <DndContext
      sensors={sensors}
      onDragStart={({ active }) => {
        startDrag();
        setDragging(fields.find((f) => f.ref === active.id));
      }}
      onDragCancel={() => setDragging(undefined)}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions }}
    >
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 3 }}>
          <Card withBorder padding="sm" component="section" aria-labelledby="fields-heading">
            <Stack gap="xs">
              <Select
                label="Dataset"
                data={datasets.map((d) => ({ value: d.name, label: d.name.replaceAll('_', ' ') }))}
                value={definition.dataset || null}
                placeholder="Pick a dataset"
                allowDeselect={false}
                onChange={(name) =>
                  name && onChange({ dataset: name, visual: definition.visual ?? { type: 'table' } })
                }
                error={messagesAt(problems, 'dataset').join('; ') || undefined}
              />
              {dataset && (
                <Text size="xs" c="dimmed">
                  {dataset.description}
                </Text>
              )}
              <Title order={3} size="h6" id="fields-heading">
                Fields
              </Title>
              {dataset ? (
                <>
                  <TextInput
                    size="xs"
                    label="Find a field"
                    value={search}
                    onChange={(e) => setSearch(e.currentTarget.value)}
                  />
                  <ScrollArea.Autosize mah={560} type="auto" offsetScrollbars>
                    <Stack gap={4}>
                      {groups.map((g) => (
                        <Stack key={g} gap={4}>
                          {g !== dataset.name && (
                            <Text size="xs" fw={600} c="dimmed" mt={4}>
                              {g === 'calculated' ? 'Calculated' : `Joined: ${g}`}
                            </Text>
                          )}
                          <Stack
                            component="ul"
                            gap={4}
                            aria-label={g === dataset.name ? 'Fields to drag' : `Fields to drag: ${g}`}
                            style={{ listStyle: 'none', margin: 0, padding: 0 }}
                          >
                            {shown
                              .filter((f) => f.group === g)
                              .map((f) => (
                                <li key={f.ref}>
                                  <FieldChip field={f} />
                                </li>
                              ))}
                          </Stack>
                        </Stack>
                      ))}
                    </Stack>
                  </ScrollArea.Autosize>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Pick a dataset to see its fields.
                </Text>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <Stack gap="md">
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
                <ZoneCard
                  zone="rows"
                  hint="Group rows by these; dates by a period."
                  messages={problems.get('rows') ? [problems.get('rows')!] : []}
                >
                  {(definition.rows ?? []).map((d, i) => (
                    <DimensionItem
                      // biome-ignore lint/suspicious/noArrayIndexKey: items have no id: their place in the zone is their identity
                      key={`${d.field}-${i}`}
                      testId={`rows-${i}`}
                      item={d}
                      fields={fields}
                      messages={messagesAt(problems, `rows.${i}`)}
                      onChange={(next) =>
                        onChange({ ...definition, rows: replaced(definition.rows, i, next) })
                      }
                      onRemove={() => onChange({ ...definition, rows: without(definition.rows, i) })}
                    />
                  ))}
                </ZoneCard>
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
                <ZoneCard
                  zone="columns"
                  hint="Pivot: a column per value of these."
                  messages={problems.get('columns') ? [problems.get('columns')!] : []}
                >
                  {(definition.columns ?? []).map((d, i) => (
                    <DimensionItem
                      // biome-ignore lint/suspicious/noArrayIndexKey: items have no id: their place in the zone is their identity
                      key={`${d.field}-${i}`}
                      testId={`columns-${i}`}
                      item={d}
                      fields={fields}
                      messages={messagesAt(problems, `columns.${i}`)}
                      onChange={(next) =>
                        onChange({ ...definition, columns: replaced(definition.columns, i, next) })
                      }
                      onRemove={() => onChange({ ...definition, columns: without(definition.columns, i) })}
                    />
                  ))}
                </ZoneCard>
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
                <ZoneCard
                  zone="values"
                  hint="Figures: sums, counts, averages…"
                  messages={problems.get('values') ? [problems.get('values')!] : []}
                >
                  {(definition.values ?? []).map((v, i) => (
                    <ValueItem
                      // biome-ignore lint/suspicious/noArrayIndexKey: items have no id: their place in the zone is their identity
                      key={`${v.field ?? 'rows'}-${i}`}
                      testId={`values-${i}`}
                      item={v}
                      fields={fields}
                      messages={messagesAt(problems, `values.${i}`)}
                      onChange={(next) =>
                        onChange({ ...definition, values: replaced(definition.values, i, next) })
                      }
                      onRemove={() => onChange({ ...definition, values: without(definition.values, i) })}
                    />
                  ))}
                </ZoneCard>
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6, lg: 3 }}>
                <ZoneCard
                  zone="filters"
                  hint="Only rows that pass all of these."
                  messages={problems.get('filters') ? [problems.get('filters')!] : []}
                >
                  {(definition.filters ?? []).map((f, i) => (
                    <FilterItem
                      // biome-ignore lint/suspicious/noArrayIndexKey: items have no id: their place in the zone is their identity
                      key={`${f.field}-${i}`}
                      testId={`filters-${i}`}
                      item={f}
                      fields={fields}
                      messages={messagesAt(problems, `filters.${i}`)}
                      onChange={(next) =>
                        onChange({ ...definition, filters: replaced(definition.filters, i, next) })
                      }
                      onRemove={() => onChange({ ...definition, filters: without(definition.filters, i) })}
                    />
                  ))}
                </ZoneCard>
              </Grid.Col>
            </Grid>
            {dataset && <CalculatedFields definition={definition} onChange={onChange} problems={problems} />}
            {dataset && (
              <ShapeSettings
                definition={definition}
                onChange={onChange}
                problems={problems}
                columns={columns}
              />
            )}
            <Card withBorder padding="sm" component="section" aria-labelledby="preview-heading">
              <Group justify="space-between" mb="xs">
                <Title order={3} size="h6" id="preview-heading">
                  Preview
                </Title>
                <Text size="xs" c="dimmed" aria-live="polite">
                  {!previewable(definition)
                    ? ''
                    : preview.isFetching
                      ? 'Updating…'
                      : preview.isError
                        ? 'The definition has a problem'
                        : `Up to date: ${describeDefinition(debounced)}`}
                </Text>
              </Group>
              {!previewable(definition) ? (
                <Text size="sm" c="dimmed" py="md">
                  Drag a field into Rows or Values to see the report.
                </Text>
              ) : other ? (
                <LoadError error={preview.error} onRetry={() => void preview.refetch()} what="the preview" />
              ) : preview.data ? (
                <ReportVisual definition={debounced} result={preview} title={title || 'Preview'} />
              ) : preview.isError ? (
                <Text size="sm" c="red.8">
                  Fix the part marked in red to see the preview.
                </Text>
              ) : (
                <ReportVisual definition={debounced} result={preview} title={title || 'Preview'} />
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <DragOverlay dropAnimation={null}>
        {dragging ? (
          <Group gap={6} wrap="nowrap" px={6} py={4} style={{ ...chipStyle, cursor: 'grabbing' }}>
            <ChipBody field={dragging} />
          </Group>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
};
