import { Checkbox, Select, Stack, Text } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { useRecord } from '../../api/queries';
import type { Customer, Model, Page } from '../../api/types';
import { money } from '../../lib/format';

/** Customers matching what is typed, asked of the server (the list may be far longer than one page). */
export const useCustomerChoices = (search: string, selectedId: string | null) => {
  const found = useQuery({
    queryKey: ['customers', 'choices', search],
    queryFn: ({ signal }) => api.get<Page<Customer>>('/api/customers', { search, limit: 50 }, signal),
    placeholderData: (previous) => previous,
  });
  // The chosen customer stays a choice even when the current search no longer finds them.
  const selected = useRecord('customers', selectedId ?? '', !!selectedId);
  return useMemo(() => {
    const byId = new Map<string, Customer>();
    if (selected.data) byId.set(selected.data.id, selected.data);
    for (const c of found.data?.items ?? []) byId.set(c.id, c);
    return {
      loading: found.isFetching,
      data: [...byId.values()].map((c) => ({ value: c.id, label: `${c.name} · ${c.email}` })),
    };
  }, [found.data, found.isFetching, selected.data]);
};

export const useOrderableModels = () =>
  useQuery({
    queryKey: ['models', 'orderable'],
    queryFn: async ({ signal }) =>
      (await api.get<Page<Model>>('/api/models', { limit: 100 }, signal)).items.filter((m) => !m.retired),
  });

export interface HomeChoiceValues {
  customerId: string | null;
  modelId: string | null;
  optionCodes: string[];
}

/**
 * A customer, a model and its options, as placing an order and drafting a quote both ask for them:
 * the customer search, the models that can be sold, and the price the API will compute.
 */
export const useHomeChoice = (values: HomeChoiceValues) => {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 300);
  const customers = useCustomerChoices(debouncedSearch, values.customerId);
  const models = useOrderableModels();
  const model: Model | undefined = models.data?.find((m) => m.id === values.modelId);
  const chosen = model?.options.filter((o) => values.optionCodes.includes(o.code)) ?? [];
  const price = model ? chosen.reduce((sum, o) => sum + o.priceCents, model.basePriceCents) : undefined;
  return { search, setSearch, customers, models, model, chosen, price };
};

export type HomeChoice = ReturnType<typeof useHomeChoice>;

/** The three fields. `field` gives a field's input props; a new model starts with no options chosen. */
export const HomeChoiceFields = ({
  choice,
  field,
  onModelChange,
  unavailable,
}: {
  choice: HomeChoice;
  field: (name: keyof HomeChoiceValues) => GetInputPropsReturnType;
  onModelChange: (modelId: string | null) => void;
  /** Shown when no model can be chosen: "No models can be ordered". */
  unavailable: string;
}) => {
  const { customers, models, model } = choice;
  return (
    <>
      <Select
        label="Customer"
        placeholder="Type a name or email"
        required
        searchable
        // Focus lands here when the dialog opens; a list popping open over the form at once would
        // hide the fields below. It opens on click, typing or the arrow keys.
        openOnFocus={false}
        data-autofocus
        data={customers.data}
        // The server already searched; showing its answer unfiltered avoids hiding email matches.
        filter={({ options }) => options}
        searchValue={choice.search}
        onSearchChange={choice.setSearch}
        nothingFoundMessage={customers.loading ? 'Searching…' : 'No customer matches'}
        {...field('customerId')}
      />
      <Select
        label="Model"
        placeholder={models.isPending ? 'Loading models…' : 'Choose a model'}
        required
        data={(models.data ?? []).map((m) => ({
          value: m.id,
          label: `${m.name} · from ${money(m.basePriceCents)}`,
        }))}
        nothingFoundMessage={unavailable}
        {...field('modelId')}
        onChange={onModelChange}
      />
      {model && model.options.length > 0 && (
        <Checkbox.Group label="Options" {...field('optionCodes')}>
          <Stack gap={6} mt={6}>
            {model.options.map((o) => (
              <Checkbox key={o.code} value={o.code} label={`${o.name} (+${money(o.priceCents)})`} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
      {model && model.options.length === 0 && (
        <Text size="sm" c="dimmed">
          {model.name} has no options.
        </Text>
      )}
    </>
  );
};
