import type { WorkflowDefinition } from '../../events/contexts/workflows.ts';
import type { Permission } from '../access/permissions.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/**
 * A workflow as a record: drafted, edited, published as version N, paused, resumed, archived. The
 * draft is what the builder edits; `published` is the version new runs start; both live side by side
 * so editing never touches what runs.
 */
export const WORKFLOW_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/**
 * What a workflow's command steps may be given at publish: the business's own write permissions.
 * Money decisions a second pair of eyes makes (discount approval, refunds), people, keys, backups and
 * security stay with people.
 */
export const GRANTABLE_PERMISSIONS = [
  'catalog:write',
  'customers:write',
  'orders:write',
  'orders:cancel',
  'leads:write',
  'quotes:write',
  'payments:write',
  'production:write',
  'delivery:write',
  'inventory:write',
  'purchasing:write',
  'marketing:write',
] as const satisfies readonly Permission[];

type Owner = { id: string; email?: string };

export interface PublishedVersion {
  version: number;
  definition: WorkflowDefinition;
  permissions: string[];
  stateMachineArn: string;
  aslSha256: string;
}

export type WorkflowState =
  | { exists: false }
  | {
      exists: true;
      workflowId: string;
      name: string;
      description: string;
      definition: WorkflowDefinition;
      owner: Owner;
      templateId?: string;
      status: WorkflowStatus;
      pausedReason?: string;
      /** Whether the draft differs from the published version (always, before the first publish). */
      draftChanged: boolean;
      /** How many versions were published (the last one is `published`). */
      versions: number;
      published?: PublishedVersion;
    };

export type WorkflowCommand =
  | {
      type: 'DraftWorkflow';
      workflowId: string;
      name: string;
      description: string;
      definition: WorkflowDefinition;
      owner: Owner;
      templateId?: string;
    }
  | { type: 'EditWorkflow'; name: string; description: string; definition: WorkflowDefinition }
  | {
      type: 'PublishWorkflow';
      /** The version being published: the next one, as the state machine was created for it. */
      version: number;
      permissions: readonly string[];
      /** What the publisher holds: a workflow is never given more. */
      publisherPermissions: readonly string[];
      stateMachineArn: string;
      aslSha256: string;
    }
  | { type: 'PauseWorkflow'; reason?: string }
  | { type: 'ResumeWorkflow' }
  | { type: 'ArchiveWorkflow' };

export type WorkflowEvent = Event<
  | 'WorkflowDrafted'
  | 'WorkflowEdited'
  | 'WorkflowPublished'
  | 'WorkflowPaused'
  | 'WorkflowResumed'
  | 'WorkflowArchived'
>;

type Existing = Extract<WorkflowState, { exists: true }>;

const existing = (state: WorkflowState): Existing =>
  state.exists ? state : reject('workflow-not-found', 'No such workflow', 404);

const changeable = (state: WorkflowState): Existing => {
  const workflow = existing(state);
  if (workflow.status === 'archived')
    return reject('workflow-archived', 'The workflow is archived: it can no longer change', 409);
  return workflow;
};

const decide = (command: WorkflowCommand, state: WorkflowState): WorkflowEvent[] => {
  switch (command.type) {
    case 'DraftWorkflow': {
      if (state.exists) return reject('workflow-exists', 'This workflow already exists', 409);
      const { type: _, templateId, ...data } = command;
      return [{ type: 'WorkflowDrafted', data: { ...data, ...(templateId ? { templateId } : {}) } }];
    }
    case 'EditWorkflow': {
      const workflow = changeable(state);
      const { type: _, ...data } = command;
      return [{ type: 'WorkflowEdited', data: { workflowId: workflow.workflowId, ...data } }];
    }
    case 'PublishWorkflow': {
      const workflow = changeable(state);
      if (workflow.published && !workflow.draftChanged)
        return reject(
          'nothing-to-publish',
          `The draft is version ${workflow.published.version} already`,
          409,
        );
      if (command.version !== workflow.versions + 1)
        return reject('version-taken', `Version ${command.version} is not the next version`, 409);
      const beyond = command.permissions.filter(
        (p) =>
          !command.publisherPermissions.includes(p) ||
          !(GRANTABLE_PERMISSIONS as readonly string[]).includes(p),
      );
      if (beyond.length)
        return reject(
          'permissions-not-grantable',
          `A workflow cannot be given ${beyond.join(', ')}: only business write permissions you hold yourself`,
        );
      return [
        {
          type: 'WorkflowPublished',
          data: {
            workflowId: workflow.workflowId,
            version: command.version,
            definition: workflow.definition,
            permissions: [...new Set(command.permissions)].toSorted(),
            stateMachineArn: command.stateMachineArn,
            aslSha256: command.aslSha256,
          },
        },
      ];
    }
    case 'PauseWorkflow': {
      const workflow = changeable(state);
      if (workflow.status !== 'active')
        return reject('workflow-not-active', 'Only an active workflow can be paused', 409);
      return [
        {
          type: 'WorkflowPaused',
          data: { workflowId: workflow.workflowId, ...(command.reason ? { reason: command.reason } : {}) },
        },
      ];
    }
    case 'ResumeWorkflow': {
      const workflow = changeable(state);
      if (workflow.status !== 'paused')
        return reject('workflow-not-paused', 'Only a paused workflow can be resumed', 409);
      return [{ type: 'WorkflowResumed', data: { workflowId: workflow.workflowId } }];
    }
    case 'ArchiveWorkflow': {
      const workflow = changeable(state);
      return [{ type: 'WorkflowArchived', data: { workflowId: workflow.workflowId } }];
    }
  }
};

const evolve = (state: WorkflowState, event: WorkflowEvent): WorkflowState => {
  if (event.type === 'WorkflowDrafted')
    return { exists: true, ...event.data, status: 'draft', draftChanged: true, versions: 0 };
  if (!state.exists) return state;
  switch (event.type) {
    case 'WorkflowEdited':
      return { ...state, ...event.data, draftChanged: true };
    case 'WorkflowPublished': {
      const { workflowId: _, ...published } = event.data;
      return {
        ...state,
        published,
        versions: Math.max(state.versions, published.version),
        draftChanged: false,
        // Publishing a paused workflow's new version leaves it paused.
        status: state.status === 'draft' ? 'active' : state.status,
      };
    }
    case 'WorkflowPaused':
      return {
        ...state,
        status: 'paused',
        ...(event.data.reason ? { pausedReason: event.data.reason } : {}),
      };
    case 'WorkflowResumed': {
      const { pausedReason: _, ...rest } = state;
      return { ...rest, status: 'active' };
    }
    case 'WorkflowArchived':
      return { ...state, status: 'archived' };
  }
};

export const workflowDecider: Decider<WorkflowCommand, WorkflowState, WorkflowEvent> = {
  initialState: { exists: false },
  decide,
  evolve,
};

export const WORKFLOW_ACTIONS = ['edit', 'publish', 'pause', 'resume', 'archive'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

const probes: Probes<WorkflowCommand, WorkflowState, WorkflowAction> = {
  edit: (state) =>
    state.exists
      ? {
          type: 'EditWorkflow',
          name: state.name,
          description: state.description,
          definition: state.definition,
        }
      : undefined,
  publish: (state) =>
    state.exists
      ? {
          type: 'PublishWorkflow',
          version: state.versions + 1,
          permissions: [],
          publisherPermissions: [],
          stateMachineArn: '',
          aslSha256: '',
        }
      : undefined,
  pause: () => ({ type: 'PauseWorkflow' }),
  resume: () => ({ type: 'ResumeWorkflow' }),
  archive: () => ({ type: 'ArchiveWorkflow' }),
};

export const availableWorkflowActions = availableBy(workflowDecider, WORKFLOW_ACTIONS, probes);

/** Whether a workflow starts runs now: published, and neither paused nor archived. */
export const startsRuns = (state: WorkflowState): state is Existing & { published: PublishedVersion } =>
  state.exists && state.status === 'active' && state.published !== undefined;
