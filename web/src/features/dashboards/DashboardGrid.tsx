import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  KeyboardCode,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { ActionIcon, Grid, SegmentedControl, Text } from '@mantine/core';
import { IconGripVertical, IconX } from '@tabler/icons-react';
import { useMemo, useRef } from 'react';
import type { DashboardTile, SharedFilter } from './api';
import { Tile } from './Tile';

/** Moves the tile at `from` to `to`, the others keeping their order. */
export const moved = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
};

interface Props {
  dashboardId: string;
  tiles: DashboardTile[];
  filters: SharedFilter[];
  titleOf: (tile: DashboardTile) => string;
  /** In edit mode: the tiles rearranged, resized or removed. */
  onChange?: (tiles: DashboardTile[]) => void;
}

const Cell = ({
  tile,
  title,
  editing,
  children,
}: {
  tile: DashboardTile;
  title: string;
  editing: boolean;
  children: (handle: React.ReactNode) => React.ReactNode;
}) => {
  const drop = useDroppable({ id: tile.tileId, disabled: !editing });
  const drag = useDraggable({ id: tile.tileId, disabled: !editing });
  const handle = editing ? (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="sm"
      aria-label={`Move tile ${title}`}
      ref={drag.setNodeRef}
      {...drag.listeners}
      {...drag.attributes}
    >
      <IconGripVertical size={14} aria-hidden />
    </ActionIcon>
  ) : null;
  return (
    <div
      ref={drop.setNodeRef}
      data-tile={tile.tileId}
      style={{
        height: '100%',
        outline: drop.isOver ? '2px dashed var(--mantine-color-blue-6)' : undefined,
        opacity: drag.isDragging ? 0.6 : 1,
      }}
    >
      {children(handle)}
    </div>
  );
};

/**
 * The tiles on a three-column grid (one column on a phone). In edit mode each has a handle to drag it
 * to another tile's place (the arrow keys move it tile by tile), a width and a remove button.
 */
export const DashboardGrid = ({ dashboardId, tiles, filters, titleOf, onChange }: Props) => {
  const editing = onChange !== undefined;
  const order = useRef<string[]>([]);
  order.current = tiles.map((t) => t.tileId);
  const keyboardAt = useRef(-1);
  const coordinates = useMemo<KeyboardCoordinateGetter>(
    () =>
      (event, { active, context }) => {
        const forward = event.code === KeyboardCode.Right || event.code === KeyboardCode.Down;
        const back = event.code === KeyboardCode.Left || event.code === KeyboardCode.Up;
        if (!forward && !back) return undefined;
        event.preventDefault();
        const ids = order.current;
        const start = keyboardAt.current === -1 ? ids.indexOf(String(active)) : keyboardAt.current;
        const next = Math.min(ids.length - 1, Math.max(0, start + (forward ? 1 : -1)));
        const rect = context.droppableRects.get(ids[next]!);
        const size = context.collisionRect;
        if (!rect || !size) return undefined;
        keyboardAt.current = next;
        return {
          x: rect.left + rect.width / 2 - size.width / 2,
          y: rect.top + rect.height / 2 - size.height / 2,
        };
      },
    [],
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: coordinates }),
  );
  const nameOf = (id: unknown) => {
    const tile = tiles.find((t) => t.tileId === id);
    return tile ? titleOf(tile) : 'no tile';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up tile ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) => `Tile ${nameOf(active.id)} is over ${nameOf(over?.id)}.`,
    onDragEnd: ({ active, over }) =>
      over
        ? `Moved tile ${nameOf(active.id)} to the place of ${nameOf(over.id)}.`
        : 'The tile was not moved.',
    onDragCancel: ({ active }) => `Cancelled: tile ${nameOf(active.id)} was not moved.`,
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    keyboardAt.current = -1;
    if (!over || !onChange) return;
    const from = order.current.indexOf(String(active.id));
    const to = order.current.indexOf(String(over.id));
    if (from >= 0 && to >= 0 && from !== to) onChange(moved(tiles, from, to));
  };

  if (tiles.length === 0)
    return (
      <Text c="dimmed" ta="center" py="xl">
        No tiles yet{editing ? ': add a saved report or a template above.' : '.'}
      </Text>
    );

  const grid = (
    <Grid gap="md" data-testid="dashboard-grid">
      {tiles.map((tile, i) => (
        <Grid.Col key={tile.tileId} span={{ base: 12, md: (tile.width ?? 1) * 4 }}>
          <Cell tile={tile} title={titleOf(tile)} editing={editing}>
            {(handle) => (
              <Tile
                dashboardId={dashboardId}
                tile={tile}
                filters={filters}
                fallbackTitle={titleOf(tile)}
                controls={
                  editing && (
                    <>
                      {handle}
                      <SegmentedControl
                        size="xs"
                        aria-label={`Width of ${titleOf(tile)}`}
                        value={String(tile.width ?? 1)}
                        data={['1', '2', '3']}
                        onChange={(w) =>
                          onChange?.(
                            tiles.map((t, j) => (j === i ? { ...t, width: Number(w) as 1 | 2 | 3 } : t)),
                          )
                        }
                      />
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={`Remove tile ${titleOf(tile)}`}
                        onClick={() => onChange?.(tiles.filter((_, j) => j !== i))}
                      >
                        <IconX size={14} aria-hidden />
                      </ActionIcon>
                    </>
                  )
                }
              />
            )}
          </Cell>
        </Grid.Col>
      ))}
    </Grid>
  );
  return editing ? (
    <DndContext
      sensors={sensors}
      onDragStart={() => {
        keyboardAt.current = -1;
      }}
      onDragEnd={onDragEnd}
      onDragCancel={() => {
        keyboardAt.current = -1;
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move this tile, press Space or Enter to pick it up, the arrow keys to move it over another tile, Space to drop it in that place, or Escape to cancel.',
        },
      }}
    >
      {grid}
    </DndContext>
  ) : (
    grid
  );
};
