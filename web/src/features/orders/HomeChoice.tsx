import { Checkbox, Select, Stack, Text } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Customer, Model } from '../../api/types';
import { ChoiceSelect, useChoices } from '../../components/ChoiceSelect';
import { money } from '../../lib/format';

const customerLabel = (c: Customer) => `${c.name} · ${c.email}`;

export const useOrderableModels = () =>
  useQuery({
    queryKey: ['models', 'orderable'],
    queryFn: async ({ signal }) =>
      (await api.get('/api/models', { params: { query: { limit: 100 } }, signal })).items.filter(
        (m) => !m.retired,
      ),
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
  const customers = useChoices('customers', customerLabel, values.customerId);
  const models = useOrderableModels();
  const model: Model | undefined = models.data?.find((m) => m.id === values.modelId);
  const chosen = model?.options.filter((o) => values.optionCodes.includes(o.code)) ?? [];
  const price = model ? chosen.reduce((sum, o) => sum + o.priceCents, model.basePriceCents) : undefined;
  return { customers, models, model, chosen, price };
};

export type HomeChoice = ReturnType<typeof useHomeChoice>;

/** The API's refusals of a customer, model and options, each put on its field. */
export const HOME_CHOICE_PROBLEMS = {
  'customer-not-found': 'customerId',
  'model-not-found': 'modelId',
  'model-retired': 'modelId',
  'unknown-option': 'optionCodes',
  'duplicate-option': 'optionCodes',
};

/** The three fields. `field` gives a field's input props; a new model starts with no options chosen. */
export const HomeChoiceFields = ({
  choice,
  field,
  unavailable,
}: {
  choice: HomeChoice;
  field: (name: keyof HomeChoiceValues) => GetInputPropsReturnType;
  /** Shown when no model can be chosen: "No models can be ordered". */
  unavailable: string;
}) => {
  const { customers, models, model } = choice;
  return (
    <>
      <ChoiceSelect
        label="Customer"
        placeholder="Type a name or email"
        required
        // Focus lands here when the dialog opens; a list popping open over the form at once would
        // hide the fields below. It opens on click, typing or the arrow keys.
        openOnFocus={false}
        data-autofocus
        choices={customers}
        nothingFound="No customer matches"
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
        onChange={(modelId) => {
          field('modelId').onChange(modelId);
          // Options belong to a model: a new model starts with none chosen.
          field('optionCodes').onChange([]);
        }}
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
