import { Button, Group, Modal, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEventHandler, type ReactNode, useState } from 'react';
import type { ApiError } from '../api/problem';
import { keys, type Resource } from '../api/queries';
import type { RecordMeta } from '../api/types';
import { FormProblem } from './ProblemAlert';

interface CommandFormProps {
  onSubmit: FormEventHandler<HTMLFormElement>;
  onCancel?: () => void;
  submitLabel: string;
  /** The command's state, from useFormCommand: running, the last attempt's problem, field errors placed. */
  command: { pending: boolean; problem: ApiError | undefined; fieldsShown: boolean };
  onReload?: () => void;
  reloading?: boolean;
  danger?: boolean;
  children?: ReactNode;
}

/** A command's form: fields, the problem of the last attempt, and Cancel / submit. */
export const CommandForm = (props: CommandFormProps) => (
  <form onSubmit={props.onSubmit} noValidate>
    <Stack gap="md">
      {props.children}
      <FormProblem
        error={props.command.problem}
        fieldsShown={props.command.fieldsShown}
        onReload={props.onReload}
        reloading={props.reloading}
      />
      <Group justify="flex-end" gap="sm">
        {props.onCancel && (
          <Button variant="default" onClick={props.onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" loading={props.command.pending} color={props.danger ? 'red' : undefined}>
          {props.submitLabel}
        </Button>
      </Group>
    </Stack>
  </form>
);

/**
 * A modal for a command on an existing record. The version is captured when the modal opens: that is
 * the state the person decided on, so a change by someone else meanwhile is a conflict, not overwritten.
 */
export const useRecordModal = (resource: Resource, record: RecordMeta | undefined) => {
  const client = useQueryClient();
  const [opened, setOpened] = useState(false);
  const [version, setVersion] = useState<number | undefined>(record?.version);
  const [reloading, setReloading] = useState(false);
  return {
    opened,
    version,
    reloading,
    open: () => {
      setVersion(record?.version);
      setOpened(true);
    },
    close: () => setOpened(false),
    /** After a conflict: read the record again and decide on the fresh version. */
    reload: async <T extends RecordMeta = RecordMeta>(): Promise<T | undefined> => {
      if (!record) return undefined;
      setReloading(true);
      try {
        await client.invalidateQueries({ queryKey: keys.events(resource, record.id) });
        await client.refetchQueries({ queryKey: keys.detail(resource, record.id), exact: true });
        const fresh = client.getQueryData<T>(keys.detail(resource, record.id));
        setVersion(fresh?.version);
        return fresh;
      } finally {
        setReloading(false);
      }
    },
  };
};

export type RecordModal = ReturnType<typeof useRecordModal>;

/**
 * A dialog for a form. Built from Modal's parts so its header is a plain element: Mantine's <header>
 * would add a second "banner" landmark to the page while the dialog is open.
 */
export const AppModal = ({
  opened,
  onClose,
  title,
  size = 'md',
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  children: ReactNode;
}) => (
  <Modal.Root opened={opened} onClose={onClose} size={size} centered>
    <Modal.Overlay />
    <Modal.Content>
      <Modal.Header component="div">
        <Modal.Title fw={650} fz="lg">
          {title}
        </Modal.Title>
        <Modal.CloseButton aria-label="Close dialog" />
      </Modal.Header>
      <Modal.Body>{children}</Modal.Body>
    </Modal.Content>
  </Modal.Root>
);
