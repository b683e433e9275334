import type { Announcements, KeyboardCoordinateGetter, ScreenReaderInstructions } from '@dnd-kit/core';
import { KeyboardCode } from '@dnd-kit/core';
import { ZONE_LABELS, ZONES, type Zone } from './fields';

/**
 * Dragging without a mouse: with a field picked up (Space or Enter), the arrow keys jump from one zone
 * to the next (Rows → Columns → Values → Filters) instead of moving a few pixels at a time, so a
 * keyboard user needs one press per zone; Space drops, Escape cancels.
 */
let keyboardZone = -1;

/** A drag starts outside every zone: the first arrow goes to Rows (or, backwards, to Filters). */
export const startDrag = () => {
  keyboardZone = -1;
};

export const zoneKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context }) => {
  const forward = event.code === KeyboardCode.Right || event.code === KeyboardCode.Down;
  const back = event.code === KeyboardCode.Left || event.code === KeyboardCode.Up;
  if (!forward && !back) return undefined;
  event.preventDefault();
  // The zone is remembered here rather than read from the collision state, which lags a render behind
  // a key press (two quick presses would both land on the first zone).
  const next =
    keyboardZone === -1
      ? forward
        ? 0
        : ZONES.length - 1
      : (keyboardZone + (forward ? 1 : -1) + ZONES.length) % ZONES.length;
  const rect = context.droppableRects.get(ZONES[next]!);
  const size = context.collisionRect;
  if (!rect || !size) return undefined;
  keyboardZone = next;
  return { x: rect.left + rect.width / 2 - size.width / 2, y: rect.top + rect.height / 2 - size.height / 2 };
};

const zoneName = (id: unknown) => (ZONES.includes(id as Zone) ? ZONE_LABELS[id as Zone] : 'no zone');

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To add this field to the report, press Space or Enter to pick it up, the arrow keys to move between Rows, Columns, Values and Filters, Space to drop it there, or Escape to cancel.',
};

export const announcements: Announcements = {
  onDragStart: ({ active }) => `Picked up field ${String(active.id)}.`,
  onDragOver: ({ active, over }) => `Field ${String(active.id)} is over ${zoneName(over?.id)}.`,
  onDragEnd: ({ active, over }) =>
    over
      ? `Added field ${String(active.id)} to ${zoneName(over.id)}.`
      : `Field ${String(active.id)} was not added.`,
  onDragCancel: ({ active }) => `Cancelled: field ${String(active.id)} was not added.`,
};
