import type * as z from 'zod';
import type { WorkflowDefinition, WorkflowPublished } from '../../events/contexts/workflows.ts';
import { readStream } from '../adapters/event-store.ts';
import { aggregates } from '../application/aggregates.ts';

export type PublishedVersion = z.infer<typeof WorkflowPublished.schema>;

/**
 * What running a workflow needs to know of it, folded from its own stream: its published versions (each
 * with its state machine and the permissions its command steps carry), whether it starts runs, its
 * owner (told when a run fails) and its draft (a test run's definition). The workflow aggregate
 * (domain/workflows/workflows.ts) decides these events; runs only read them, every version's.
 */
export interface WorkflowForRuns {
  workflowId: string;
  name: string;
  owner?: { id: string; email?: string };
  draft?: WorkflowDefinition;
  status: 'draft' | 'active' | 'paused' | 'archived';
  versions: Map<number, PublishedVersion>;
  latest?: PublishedVersion;
}

export const workflowStream = (workflowId: string) => aggregates.workflow.stream(workflowId);

export const readWorkflow = async (workflowId: string): Promise<WorkflowForRuns | undefined> => {
  const commits = await readStream(workflowStream(workflowId));
  if (commits.length === 0) return undefined;
  const workflow: WorkflowForRuns = { workflowId, name: workflowId, status: 'draft', versions: new Map() };
  for (const event of commits.flatMap((c) => c.events)) {
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'WorkflowDrafted':
        workflow.name = String(data.name);
        workflow.owner = data.owner as WorkflowForRuns['owner'];
        workflow.draft = data.definition as WorkflowDefinition;
        break;
      case 'WorkflowEdited':
        workflow.name = String(data.name);
        workflow.draft = data.definition as WorkflowDefinition;
        break;
      case 'WorkflowPublished': {
        const published = data as unknown as PublishedVersion;
        workflow.versions.set(published.version, published);
        workflow.latest = published;
        if (workflow.status === 'draft') workflow.status = 'active';
        break;
      }
      case 'WorkflowPaused':
        workflow.status = 'paused';
        break;
      case 'WorkflowResumed':
        workflow.status = 'active';
        break;
      case 'WorkflowArchived':
        workflow.status = 'archived';
        break;
    }
  }
  return workflow;
};
