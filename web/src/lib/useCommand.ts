import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { ApiError } from '../api/problem';
import { afterChange, type Resource } from '../api/queries';
import type { RecordMeta } from '../api/types';

export interface CommandOptions<V, R extends RecordMeta> {
  resource: Resource;
  /** Sends the command; `idempotencyKey` is fresh per submission and reused only for an identical retry. */
  send: (values: V, idempotencyKey: string) => Promise<R>;
  /** The success notification. */
  success: (record: R) => string;
  onSuccess?: (record: R) => void;
  /**
   * Business-rule problems that belong to a field although the API sends no field path, e.g. a deposit
   * larger than the total is about `amountCents`.
   */
  problemFields?: Record<string, string>;
}

/**
 * One command: runs it with an Idempotency-Key, refreshes the affected queries, notifies on success and
 * keeps the problem of a failure for the form to show.
 */
export const useCommand = <V, R extends RecordMeta>(options: CommandOptions<V, R>) => {
  const client = useQueryClient();
  const attempt = useRef<{ fingerprint: string; key: string } | undefined>(undefined);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const { resource, send, success, onSuccess } = options;

  const mutation = useMutation({
    mutationFn: ({ values, key }: { values: V; key: string }) => send(values, key),
    onSuccess: async (record) => {
      attempt.current = undefined;
      notifications.show({ color: 'green', title: 'Saved', message: success(record) });
      onSuccess?.(record);
      await afterChange(client, resource, record);
    },
  });

  /**
   * Runs the command. `fingerprint` identifies what is being asked (body and version): the same request
   * retried after a network failure reuses its key, so the server applies it at most once.
   */
  const run = useCallback(
    async (values: V, fingerprint: unknown = values): Promise<R | ApiError> => {
      setProblem(undefined);
      const print = JSON.stringify(fingerprint);
      if (attempt.current?.fingerprint !== print)
        attempt.current = { fingerprint: print, key: crypto.randomUUID() };
      try {
        return await mutation.mutateAsync({ values, key: attempt.current.key });
      } catch (error) {
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({
                type: 'about:blank',
                title: 'Something went wrong',
                status: 0,
                detail: String(error),
              });
        setProblem(apiError);
        return apiError;
      }
    },
    [mutation],
  );

  return { run, problem, clearProblem: () => setProblem(undefined), pending: mutation.isPending };
};

/**
 * Puts a problem's field errors on the form's fields (`body.email` → `email`). Returns true when every
 * error found a field, so the caller knows whether a general message is still needed.
 */
export const applyFieldErrors = <V>(
  form: UseFormReturnType<V>,
  error: ApiError,
  problemFields: Record<string, string> = {},
): boolean => {
  const fields = error.fieldErrors();
  const byCode = problemFields[error.code];
  if (byCode) fields[byCode] = error.problem.detail ?? error.problem.title;
  const known = Object.keys(form.getValues() as object);
  const placed: Record<string, string> = {};
  let unplaced = 0;
  for (const [path, message] of Object.entries(fields)) {
    const root = path.split('.')[0] ?? path;
    if (known.includes(root)) placed[path] = message;
    else unplaced++;
  }
  form.setErrors(placed);
  return Object.keys(placed).length > 0 && unplaced === 0;
};

/**
 * Glue between a form and a command: submit runs the command; a failure puts field errors on the
 * fields and leaves the rest for <FormProblem>.
 */
export const useFormCommand = <V, R extends RecordMeta>(
  form: UseFormReturnType<V>,
  options: CommandOptions<V, R>,
) => {
  const command = useCommand(options);
  const [fieldsShown, setFieldsShown] = useState(false);
  const submit = async (values: V, version?: number) => {
    setFieldsShown(false);
    const result = await command.run(values, [values, version]);
    if (result instanceof ApiError) setFieldsShown(applyFieldErrors(form, result, options.problemFields));
    return result;
  };
  return { ...command, submit, fieldsShown };
};
