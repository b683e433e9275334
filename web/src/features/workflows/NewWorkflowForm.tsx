import { Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/problem';
import { CommandForm } from '../../components/CommandForm';
import { metaQuery, workflowKeys, workflowsApi } from './api';

const BLANK = '';

/** A new draft: from scratch (a trigger and nothing else yet), or one click from a template. */
export const NewWorkflowForm = ({ onCancel, templateId }: { onCancel: () => void; templateId?: string }) => {
  const meta = useQuery(metaQuery);
  const templates = meta.data?.templates ?? [];
  const client = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', description: '', templateId: templateId ?? BLANK },
    validate: { name: (v) => (v.trim() ? null : 'Give it a name people will recognise') },
  });
  const chosen = templates.find((t) => t.id === form.values.templateId);
  return (
    <CommandForm
      onSubmit={form.onSubmit(async (v) => {
        setPending(true);
        setProblem(undefined);
        try {
          const created = await workflowsApi.create(
            {
              name: v.name.trim(),
              description: v.description.trim(),
              ...(v.templateId ? { templateId: v.templateId } : {}),
            },
            key.current,
          );
          await client.invalidateQueries({ queryKey: workflowKeys.all });
          navigate(`/workflows/${created.id}`);
        } catch (error) {
          setProblem(error instanceof ApiError ? error : undefined);
        } finally {
          setPending(false);
        }
      })}
      onCancel={onCancel}
      submitLabel="Create draft"
      command={{ pending, problem, fieldsShown: false }}
    >
      <Stack gap="sm">
        <Select
          label="Start from"
          data={[
            { value: BLANK, label: 'A blank canvas' },
            ...templates.map((t) => ({ value: t.id, label: t.name })),
          ]}
          value={form.values.templateId}
          allowDeselect={false}
          onChange={(id) => {
            form.setFieldValue('templateId', id ?? BLANK);
            const template = templates.find((t) => t.id === id);
            if (template && !form.values.name) form.setFieldValue('name', template.name);
          }}
          description={chosen?.description}
        />
        <TextInput label="Name" required maxLength={120} {...form.getInputProps('name')} />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={1000}
          {...form.getInputProps('description')}
        />
      </Stack>
    </CommandForm>
  );
};
