import { notifications } from '@mantine/notifications';
import type { RecordMeta } from '../../api/types';
import type { RecordModal } from '../../components/CommandForm';

/**
 * After a version conflict: reload, and if the record has meanwhile left the state this form was for
 * (someone else already did it, or closed it), close the form and say so instead of offering a retry
 * the API would refuse. Otherwise the form stays open on the fresh version with the entries kept.
 */
export const reloadRecord = async <T extends RecordMeta>(
  modal: RecordModal,
  clearProblem: () => void,
  stillValid: (record: T) => boolean,
  movedOn: (record: T) => { title: string; message: string },
) => {
  const fresh = await modal.reload<T>();
  clearProblem();
  if (fresh && !stillValid(fresh)) {
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
