import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { workflowsApi } from '../api';
import type { WorkflowDefinition } from '../definition';
import type { WorkflowPermission } from '../types';

/** How long the draft rests before it is validated again. */
const VALIDATE_AFTER_MS = 400;

/** Validation of the draft as it changes: the validate route, asked again shortly after each edit. */
export const useValidation = (definition: WorkflowDefinition, permissions?: WorkflowPermission[]) => {
  const [settled] = useDebouncedValue(definition, VALIDATE_AFTER_MS);
  return useQuery({
    queryKey: ['workflows', 'validate', JSON.stringify(settled), permissions ?? null],
    queryFn: ({ signal }) => workflowsApi.validate(settled, permissions, signal),
    placeholderData: (previous) => previous,
    staleTime: Number.POSITIVE_INFINITY,
  });
};
