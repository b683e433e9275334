import { notifications } from '@mantine/notifications';
import type { RecordMeta } from '../../api/types';
import type { RecordModal } from '../../components/CommandForm';
import { offers } from '../../lib/actions';

/**
 * After a version conflict: reload, and if the record no longer offers this form's command (someone
 * else already did it, or closed it; the record's `actions` say), close the form and say so instead of
 * offering a retry the API would refuse. Otherwise the form stays open on the fresh version with the
 * entries kept.
 */
export const reloadRecord = async <T extends RecordMeta & { actions: readonly string[] }>(
  modal: RecordModal,
  clearProblem: () => void,
  action: T['actions'][number],
  movedOn: (record: T) => { title: string; message: string },
) => {
  const fresh = await modal.reload<T>();
  clearProblem();
  if (fresh && !offers(fresh, action)) {
    modal.close();
    notifications.show({ color: 'blue', ...movedOn(fresh) });
  }
};

/** "Prefix Name" → "prefix-name", the shape the API wants for a fee code. */
export const codeFrom = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** Trims a text field; undefined when empty, so optional fields are left out of the body. */
export const optional = (value: string): string | undefined => value.trim() || undefined;
