import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { type ListFilters, listPage, type Resource, type ResourceTypes, useRecord } from '../api/queries';

/**
 * Records of one kind matching what is typed, asked of the server (the list may be far longer than a
 * page), for a searchable Select. The chosen record stays a choice even when the search no longer finds it.
 */
export const useChoices = <R extends Resource>(
  resource: R,
  label: (record: ResourceTypes[R]) => string,
  selectedId: string | null,
  filters: ListFilters<R> = {},
  enabled = true,
) => {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const found = useQuery({
    queryKey: [resource, 'choices', { ...filters, search: debounced }],
    queryFn: ({ signal }) => listPage(resource, { ...filters, search: debounced, limit: 50 }, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
  const selected = useRecord(resource, selectedId ?? '', enabled && !!selectedId);
  const data = useMemo(() => {
    const byId = new Map<string, ResourceTypes[R]>();
    if (selected.data) byId.set(selected.data.id, selected.data);
    for (const record of found.data?.items ?? []) byId.set(record.id, record);
    return [...byId.values()].map((record) => ({ value: record.id, label: label(record) }));
  }, [found.data, selected.data, label]);
  return {
    data,
    records: found.data?.items ?? [],
    selected: selected.data,
    loading: found.isFetching,
    search,
    setSearch,
  };
};

export type Choices = ReturnType<typeof useChoices>;

/**
 * A searchable Select over `useChoices`: the server already searched, so its answer shows unfiltered
 * (a local filter would hide matches on fields the label does not show, such as email).
 */
export const ChoiceSelect = ({
  choices,
  nothingFound,
  ...props
}: SelectProps & { choices: Choices; nothingFound: string }) => (
  <Select
    searchable
    data={choices.data}
    filter={({ options }) => options}
    searchValue={choices.search}
    onSearchChange={choices.setSearch}
    nothingFoundMessage={choices.loading ? 'Searching…' : nothingFound}
    {...props}
  />
);
