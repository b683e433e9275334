import { Button, Group } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { type ListFilters, type Resource, type ResourceTypes, useRecordList } from '../api/queries';
import type { Permission } from '../api/types';
import { Can } from '../app/session';
import { AppModal } from './CommandForm';
import { type Column, ListView, SearchBox, SortSelect, useParam, useSortOrder } from './ListView';
import { PageHeader } from './PageHeader';

/** The list's create command: a button (for roles allowed) opening a dialog with its form. */
export interface CreateAction<T> {
  label: string;
  permission: Permission;
  /** The dialog's title. */
  title: string;
  icon?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
  form: (props: { onCancel: () => void; onDone: (record: T) => void }) => ReactNode;
}

interface RecordListPageProps<R extends Resource> {
  resource: R;
  /** The list's page, e.g. "/shipments"; each row opens `${path}/${id}`, the create form's record too. */
  path: string;
  title: string;
  description: string;
  /** What the list holds, in words: "deliveries". */
  noun: string;
  search: { label: string; placeholder: string };
  /** The API's filters as read from the URL; empty ones are left out. */
  filters?: ListFilters<R>;
  /** Filter controls, between the search box and the sort. */
  controls?: ReactNode;
  columns: Column<ResourceTypes[R]>[];
  /** The table's accessible name; the title unless a filter narrows it. */
  caption?: string;
  empty: { title: string; description: string; icon: ReactNode };
  create?: CreateAction<ResourceTypes[R]>;
}

/**
 * A records list page as every context has one: header with the create command, search, filters and
 * sort kept in the URL, the paged list, and the create dialog (which opens the new record when done).
 */
export const RecordListPage = <R extends Resource>(props: RecordListPageProps<R>) => {
  const { resource, path, title, filters = {}, create } = props;
  useDocumentTitle(`${title} · Firefly`);
  const [search] = useParam('search');
  const order = useSortOrder();
  const [creating, creation] = useDisclosure();
  const navigate = useNavigate();
  const query = useRecordList(resource, { ...filters, search, order });

  const createButton = create && (
    <Can permission={create.permission}>
      <Button leftSection={create.icon ?? <IconPlus size={16} aria-hidden />} onClick={creation.open}>
        {create.label}
      </Button>
    </Can>
  );
  const filtered = !!search || Object.values(filters).some((value) => value !== undefined && value !== '');

  return (
    <>
      <PageHeader title={title} description={props.description} actions={createButton} />
      <Group mb="md" align="flex-end" gap="md" wrap="wrap">
        <SearchBox label={props.search.label} placeholder={props.search.placeholder} />
        {props.controls}
        <SortSelect />
      </Group>
      <ListView
        query={query}
        columns={props.columns}
        rowLink={(row) => `${path}/${row.id}`}
        noun={props.noun}
        caption={props.caption ?? title}
        filtered={filtered}
        onClearFilters={() => navigate(path, { replace: true })}
        empty={{ ...props.empty, action: createButton }}
      />
      {create && (
        <AppModal opened={creating} onClose={creation.close} title={create.title} size={create.size}>
          {create.form({
            onCancel: creation.close,
            onDone: (record) => navigate(`${path}/${record.id}`),
          })}
        </AppModal>
      )}
    </>
  );
};
