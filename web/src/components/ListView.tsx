import {
  Anchor,
  Button,
  Card,
  CloseButton,
  EmptyState,
  Group,
  Pill,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  type TextInputProps,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import type { InfiniteData, UseInfiniteQueryResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { pathsApiOrdersGetParametersQueryOrderValues } from '../api/schema.gen';
import type { Page } from '../api/types';
import { LoadError } from './ProblemAlert';
import { Time } from './Time';

/** A URL query parameter as state, so filtered lists deep-link and survive reloads. */
export const useParam = (name: string): [string, (value: string) => void] => {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const set = (next: string) =>
    setParams(
      (current) => {
        const copy = new URLSearchParams(current);
        if (next) copy.set(name, next);
        else copy.delete(name);
        return copy;
      },
      { replace: true },
    );
  return [value, set];
};

/** A text filter kept in the URL: typing updates it (and so the query) shortly after the last keystroke. */
export const TextFilter = ({
  param,
  label,
  placeholder,
  type,
  leftSection,
  w = { base: '100%', xs: 180 },
}: {
  param: string;
  label: string;
  placeholder: string;
  type?: 'search';
  leftSection?: ReactNode;
  w?: TextInputProps['w'];
}) => {
  const [value, setValue] = useParam(param);
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback((next: string) => setValue(next.trim()), 300);
  // Follow the URL when it changes from outside (navigation, "Clear filters").
  useEffect(() => setText(value), [value]);
  return (
    <TextInput
      type={type}
      label={label}
      placeholder={placeholder}
      value={text}
      onChange={(event) => {
        setText(event.currentTarget.value);
        commit(event.currentTarget.value);
      }}
      leftSection={leftSection}
      rightSection={
        text ? (
          <CloseButton
            aria-label={`Clear ${label.toLowerCase()}`}
            size="sm"
            onClick={() => {
              setText('');
              setValue('');
            }}
          />
        ) : null
      }
      w={w}
    />
  );
};

/** The search box: the API's `search` parameter, in the URL. */
export const SearchBox = ({ label, placeholder }: { label: string; placeholder: string }) => (
  <TextFilter
    param="search"
    type="search"
    label={label}
    placeholder={placeholder}
    leftSection={<IconSearch size={16} aria-hidden />}
    w={{ base: '100%', sm: 320 }}
  />
);

/** A filter over one of the API's exact-match list parameters, kept in the URL. */
export const FilterSelect = ({
  param,
  label,
  placeholder,
  options,
}: {
  param: string;
  label: string;
  placeholder: string;
  options: { value: string; label: string }[];
}) => {
  const [value, setValue] = useParam(param);
  const known = options.some((o) => o.value === value);
  return (
    <Select
      label={label}
      placeholder={placeholder}
      clearable
      data={options}
      value={known ? value : null}
      onChange={(next) => setValue(next ?? '')}
      w={{ base: '100%', xs: 200 }}
    />
  );
};

/**
 * A filter by one related record (arriving from a link such as "Open in orders"), shown as a pill the
 * person can remove; `children` names the record.
 */
export const RecordFilterPill = ({
  param,
  label,
  children,
}: {
  param: string;
  label: string;
  children: (id: string) => ReactNode;
}) => {
  const [id, setId] = useParam(param);
  if (!id) return null;
  return (
    <Pill size="lg" withRemoveButton={false} aria-label={`${label} filter`}>
      <Group gap={4} wrap="nowrap">
        <span>
          {label}: {children(id)}
        </span>
        <CloseButton
          size="xs"
          aria-label={`Remove ${label.toLowerCase()} filter`}
          onClick={() => setId('')}
        />
      </Group>
    </Pill>
  );
};

/** A URL filter restricted to known values: anything else (a stale or hand-edited link) means "all". */
export const useEnumParam = <T extends string>(param: string, values: readonly T[]): T | '' => {
  const [value] = useParam(param);
  return (values as readonly string[]).includes(value) ? (value as T) : '';
};

/** Every list takes the same `order`; the orders' list stands for them all. */
const SORT_ORDERS = pathsApiOrdersGetParametersQueryOrderValues;
type SortOrder = (typeof SORT_ORDERS)[number];
const ORDER_LABELS: Record<SortOrder, string> = { newest: 'Newest first', oldest: 'Oldest first' };
const ORDERS = SORT_ORDERS.map((value) => ({ value, label: ORDER_LABELS[value] }));

/** The list order the API supports (`order=newest|oldest`), kept in the URL; newest is the default. */
export const useSortOrder = (): SortOrder => useEnumParam('order', SORT_ORDERS) || 'newest';

export const SortSelect = () => {
  const order = useSortOrder();
  const [, setOrder] = useParam('order');
  return (
    <Select
      label="Sort"
      data={ORDERS}
      value={order}
      allowDeselect={false}
      onChange={(next) => setOrder(next === 'oldest' ? 'oldest' : '')}
      w={{ base: '100%', xs: 160 }}
    />
  );
};

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Hide on narrow screens; the first column always shows. */
  visibleFrom?: 'sm' | 'md' | 'lg';
  align?: 'left' | 'right';
}

/** The "Updated" column: when the record last changed, relative, dimmed. */
export const updatedColumn = <T extends { updatedAt: string }>(
  visibleFrom: Column<T>['visibleFrom'] = 'lg',
): Column<T> => ({
  header: 'Updated',
  cell: (row) => (
    <Text size="sm" c="dimmed" component="span">
      <Time iso={row.updatedAt} />
    </Text>
  ),
  visibleFrom,
});

interface ListViewProps<T extends { id: string }> {
  query: UseInfiniteQueryResult<InfiniteData<Page<T>>>;
  columns: Column<T>[];
  rowLink: (row: T) => string;
  /** What the list holds, in words: "orders". */
  noun: string;
  filtered: boolean;
  onClearFilters: () => void;
  empty: { title: string; description: string; icon: ReactNode; action?: ReactNode };
  caption: string;
}

const PLACEHOLDER_ROWS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];

/** A list with its loading skeleton, empty state, error state and "Load more" paging. */
export const ListView = <T extends { id: string }>(props: ListViewProps<T>) => {
  const { query, columns, rowLink, noun, filtered, onClearFilters, empty, caption } = props;
  const navigate = useNavigate();
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  // The API answers every filter and search from an index, so its pages are full unless the list has
  // ended: no page needs reading on behind the person's back.

  if (query.isPending) {
    return (
      <Card withBorder padding={0} aria-busy="true" aria-label={`Loading ${noun}`}>
        {PLACEHOLDER_ROWS.map((row) => (
          <Group
            key={row}
            p="md"
            gap="lg"
            wrap="nowrap"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Skeleton height={14} width="30%" />
            <Skeleton height={14} width="20%" />
            <Skeleton height={14} width="15%" visibleFrom="sm" />
          </Group>
        ))}
      </Card>
    );
  }
  if (query.isError) {
    return <LoadError error={query.error} onRetry={() => void query.refetch()} what={noun} />;
  }
  if (rows.length === 0) {
    return (
      <Card withBorder padding="xl">
        {filtered ? (
          <EmptyState icon={<IconSearch size={28} aria-hidden />} withIndicatorBackground>
            <EmptyState.Title order={2}>No {noun} match</EmptyState.Title>
            <EmptyState.Description>Try other words or clear the filters.</EmptyState.Description>
            <EmptyState.Actions>
              <Button variant="default" onClick={onClearFilters}>
                Clear filters
              </Button>
              {query.hasNextPage && (
                <Button
                  variant="subtle"
                  onClick={() => void query.fetchNextPage()}
                  loading={query.isFetchingNextPage}
                >
                  Search further
                </Button>
              )}
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <EmptyState icon={empty.icon} variant="light">
            <EmptyState.Title order={2}>{empty.title}</EmptyState.Title>
            <EmptyState.Description>{empty.description}</EmptyState.Description>
            {empty.action && <EmptyState.Actions>{empty.action}</EmptyState.Actions>}
          </EmptyState>
        )}
      </Card>
    );
  }

  return (
    <Stack>
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={560}>
          <Table
            highlightOnHover
            verticalSpacing="sm"
            horizontalSpacing="md"
            aria-label={caption}
            aria-busy={query.isFetching}
          >
            <Table.Thead>
              <Table.Tr>
                {columns.map((column) => (
                  <Table.Th key={column.header} visibleFrom={column.visibleFrom} ta={column.align}>
                    {column.header}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.id}
                  // The first cell holds a real link for keyboard and screen-reader users; the row
                  // click is a convenience for pointers.
                  onClick={(event) => {
                    if ((event.target as HTMLElement).closest('a,button')) return;
                    navigate(rowLink(row));
                  }}
                  style={{ cursor: 'pointer' }}
                >
                  {columns.map((column, index) => (
                    <Table.Td key={column.header} visibleFrom={column.visibleFrom} ta={column.align}>
                      {index === 0 ? (
                        <Anchor component={Link} to={rowLink(row)} fw={500} size="sm">
                          {column.cell(row)}
                        </Anchor>
                      ) : (
                        column.cell(row)
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          Showing {rows.length} {noun}
          {query.hasNextPage ? '' : ' (all)'}
        </Text>
        {query.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void query.fetchNextPage()}
            loading={query.isFetchingNextPage}
          >
            Load more
          </Button>
        )}
      </Group>
    </Stack>
  );
};
