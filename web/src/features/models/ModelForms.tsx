import { ActionIcon, Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { commands } from '../../api/commands';
import type { Model } from '../../api/types';
import { CommandForm, type RecordModal } from '../../components/CommandForm';
import { MoneyInput } from '../../components/MoneyInput';
import { money, toCents } from '../../lib/format';
import { useFormCommand } from '../../lib/useCommand';

interface OptionValues {
  /** A stable React key for the row (Mantine form's list pattern); never sent. */
  key?: string;
  code: string;
  name: string;
  /** Dollars while editing. */
  priceCents: number | string;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

const toOption = (option: OptionValues) => ({
  code: option.code.trim(),
  name: option.name.trim(),
  priceCents: toCents(option.priceCents),
});

/** Create a model with its options. */
export const CreateModelForm = ({
  onDone,
  onCancel,
}: {
  onDone: (model: Model) => void;
  onCancel: () => void;
}) => {
  const form = useForm<{ name: string; basePriceCents: number | string; options: OptionValues[] }>({
    mode: 'controlled',
    initialValues: { name: '', basePriceCents: '', options: [] },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      basePriceCents: (v) => (v === '' ? 'Enter a base price' : null),
      // Only presence is checked here; the API owns the rules (code format, limits) and its field
      // errors land on the same inputs.
      options: {
        name: (v) => (v.trim() ? null : 'Enter a name'),
        code: (v) => (v.trim() ? null : 'Enter a code'),
        priceCents: (v) => (v === '' ? 'Enter a price' : null),
      },
    },
  });
  const command = useFormCommand(form, {
    resource: 'models',
    send: (values, key) =>
      commands.createModel(
        {
          name: values.name.trim(),
          basePriceCents: toCents(values.basePriceCents),
          options: values.options.map(toOption),
        },
        key,
      ),
    success: (model) => `Model ${model.name} added to the catalog`,
    onSuccess: onDone,
  });

  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values))}
      onCancel={onCancel}
      submitLabel="Add model"
      command={command}
    >
      <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
      <MoneyInput label="Base price" required {...form.getInputProps('basePriceCents')} />
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={500} size="sm" id="options-label">
            Options
          </Text>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              form.insertListItem('options', { key: randomId(), code: '', name: '', priceCents: '' })
            }
          >
            Add an option
          </Button>
        </Group>
        {form.values.options.length === 0 && (
          <Text size="sm" c="dimmed">
            No options yet. Options are extras a customer can add to an order, such as a loft or solar panels.
          </Text>
        )}
        {form.values.options.map((option, index) => (
          <Card key={option.key} withBorder padding="sm" role="group" aria-label={`Option ${index + 1}`}>
            <Group align="flex-start" gap="sm" wrap="wrap">
              <TextInput
                label="Option name"
                required
                style={{ flex: '2 1 160px' }}
                {...form.getInputProps(`options.${index}.name`)}
                onChange={(event) => {
                  const name = event.currentTarget.value;
                  // Suggest the code from the name until the person types their own.
                  if (!option.code || option.code === slug(option.name))
                    form.setFieldValue(`options.${index}.code`, slug(name));
                  form.setFieldValue(`options.${index}.name`, name);
                }}
              />
              <TextInput
                label="Code"
                required
                placeholder="e.g. sleeping-loft"
                style={{ flex: '1 1 120px' }}
                {...form.getInputProps(`options.${index}.code`)}
              />
              <MoneyInput
                label="Price"
                required
                style={{ flex: '1 1 100px' }}
                {...form.getInputProps(`options.${index}.priceCents`)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                mt={26}
                aria-label={`Remove option ${index + 1}`}
                onClick={() => form.removeListItem('options', index)}
              >
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Card>
        ))}
      </Stack>
    </CommandForm>
  );
};

/** Change the base price. */
export const RepriceForm = ({ model, modal }: { model: Model; modal: RecordModal }) => {
  const form = useForm<{ basePriceCents: number | string }>({
    mode: 'controlled',
    initialValues: { basePriceCents: model.basePriceCents / 100 },
    validate: { basePriceCents: (v) => (v === '' ? 'Enter a price' : null) },
  });
  const command = useFormCommand(form, {
    resource: 'models',
    send: (values, key) =>
      commands.repriceModel(model.id, modal.version ?? model.version, toCents(values.basePriceCents), key),
    success: (updated) => `${updated.name} now starts at ${money(updated.basePriceCents)}`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Save price"
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Current base price: <strong>{money(model.basePriceCents)}</strong>. Orders already placed keep their
        price.
      </Text>
      <MoneyInput label="New base price" required data-autofocus {...form.getInputProps('basePriceCents')} />
    </CommandForm>
  );
};

/** Add an option, or change one (same code). */
export const OptionForm = ({ model, modal }: { model: Model; modal: RecordModal }) => {
  const form = useForm<OptionValues>({
    mode: 'controlled',
    initialValues: { code: '', name: '', priceCents: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter a name'),
      code: (v) => (v.trim() ? null : 'Enter a code'),
      priceCents: (v) => (v === '' ? 'Enter a price' : null),
    },
  });
  const command = useFormCommand(form, {
    resource: 'models',
    send: (values, key) =>
      commands.setModelOption(model.id, modal.version ?? model.version, toOption(values), key),
    success: (updated) => `Option saved on ${updated.name}`,
    onSuccess: modal.close,
  });
  const existing = model.options.some((o) => o.code === form.values.code.trim());
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel={existing ? 'Update option' : 'Add option'}
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <TextInput
        label="Option name"
        required
        data-autofocus
        {...form.getInputProps('name')}
        onChange={(event) => {
          const name = event.currentTarget.value;
          if (!form.values.code || form.values.code === slug(form.values.name))
            form.setFieldValue('code', slug(name));
          form.setFieldValue('name', name);
        }}
      />
      <TextInput
        label="Code"
        required
        description={
          existing ? 'This code exists: saving changes that option.' : 'Lower-case letters, digits and -'
        }
        {...form.getInputProps('code')}
      />
      <MoneyInput label="Price" required {...form.getInputProps('priceCents')} />
    </CommandForm>
  );
};

/** Retire the model; it stays in history but cannot be ordered. */
export const RetireForm = ({ model, modal }: { model: Model; modal: RecordModal }) => {
  const form = useForm({ mode: 'controlled', initialValues: {} });
  const command = useFormCommand(form, {
    resource: 'models',
    send: (_values, key) => commands.retireModel(model.id, modal.version ?? model.version, key),
    success: (updated) => `${updated.name} is retired`,
    onSuccess: modal.close,
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit((values) => command.submit(values, modal.version))}
      onCancel={modal.close}
      submitLabel="Retire model"
      danger
      command={command}
      onReload={() => void modal.reload().then(command.clearProblem)}
      reloading={modal.reloading}
    >
      <Text size="sm">
        Retire <strong>{model.name}</strong>? It can no longer be ordered. Existing orders are not affected,
        and this cannot be undone here.
      </Text>
    </CommandForm>
  );
};
