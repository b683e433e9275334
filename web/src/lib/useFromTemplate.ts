import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/problem';

/**
 * A gallery's "use template": makes a record from a template, refreshes its lists and opens it. One
 * Idempotency-Key per template and gallery visit, so a double click makes one record and another
 * template makes a new one. `busy` is the template being used; `problem` why the last use failed.
 */
export const useFromTemplate = <T extends { id: string }>(options: {
  create: (template: T, idempotencyKey: string) => Promise<{ id: string }>;
  /** The query keys the new record appears under. */
  refresh: readonly unknown[];
  /** Where the new record opens. */
  pathOf: (id: string) => string;
}) => {
  const client = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(crypto.randomUUID());
  const [busy, setBusy] = useState<string | undefined>();
  const [problem, setProblem] = useState<ApiError | undefined>();
  const use = async (template: T) => {
    setBusy(template.id);
    setProblem(undefined);
    try {
      const made = await options.create(template, `${key.current}-${template.id}`);
      await client.invalidateQueries({ queryKey: options.refresh });
      navigate(options.pathOf(made.id));
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setBusy(undefined);
    }
  };
  return { use, busy, problem };
};
