import { Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/problem';
import { CommandForm } from '../../components/CommandForm';
import { workflowKeys, workflowsApi } from './api';

/** A new draft from scratch: the API starts it with a manual trigger and one step, for the canvas to change. */
export const NewWorkflowForm = ({ onCancel }: { onCancel: () => void }) => {
  const client = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(crypto.randomUUID());
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', description: '' },
    validate: { name: (v) => (v.trim() ? null : 'Give it a name people will recognise') },
  });
  return (
    <CommandForm
      onSubmit={form.onSubmit(async (v) => {
        setPending(true);
        setProblem(undefined);
        try {
          const created = await workflowsApi.create(
            { name: v.name.trim(), description: v.description.trim() },
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
