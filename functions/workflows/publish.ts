import { ulid } from 'ulid';
import { allows, type Permission } from '../../domain/access/permissions.ts';
import { workflowTemplate } from '../../domain/workflows/templates.ts';
import { type Problem, validateWorkflow } from '../../domain/workflows/validate.ts';
import {
  GRANTABLE_PERMISSIONS,
  type WorkflowState,
  workflowDecider,
} from '../../domain/workflows/workflows.ts';
import type { WorkflowDefinition } from '../../events/contexts/workflows.ts';
import type { Actor } from '../../events/envelope.ts';
import { readStream } from '../adapters/event-store.ts';
import { createWorkflowMachine, describeWorkflowMachine } from '../adapters/workflow-machines.ts';
import { aggregates } from '../application/aggregates.ts';
import { execute, loadRecord } from '../application/command.ts';
import { StaleVersionError } from '../errors.ts';
import { config } from '../runtime/config.ts';
import { compileChecked } from './asl.ts';

/** The draft has problems: publishing it is refused and nothing changes. */
export class WorkflowInvalidError extends Error {
  override name = 'WorkflowInvalidError';
  constructor(readonly problems: Problem[]) {
    super(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} keep the workflow from being published`,
    );
  }
}

/** A template id that names no template. */
export class UnknownTemplateError extends Error {
  override name = 'UnknownTemplateError';
}

interface Meta {
  actor: Actor;
  correlationId: string;
}

/** A workflow from scratch: started by hand, with one step to configure. */
const scratch = (): WorkflowDefinition => ({
  trigger: { kind: 'manual' },
  start: 'first',
  steps: [{ id: 'first', name: 'First step', kind: 'set', vars: {}, position: { x: 0, y: 0 } }],
});

/**
 * Drafts a workflow from a definition, from a template (its name and description unless given), or from
 * scratch. A name is required without a template (the route's contract says so).
 */
export const draftWorkflow = async (
  input: { name?: string; description?: string; definition?: WorkflowDefinition; templateId?: string },
  meta: Meta,
) => {
  const workflowId = ulid();
  const template = input.templateId === undefined ? undefined : workflowTemplate(input.templateId);
  if (input.templateId !== undefined && !template)
    throw new UnknownTemplateError(`No workflow template "${input.templateId}"`);
  const definition = input.definition ?? template?.definition ?? scratch();
  const name = input.name ?? template?.name ?? 'New workflow';
  const description = input.description ?? template?.description ?? '';
  const result = await execute(
    workflowDecider,
    aggregates.workflow.stream(workflowId),
    {
      type: 'DraftWorkflow',
      workflowId,
      name,
      description,
      definition,
      owner: { id: meta.actor.id, ...(meta.actor.email ? { email: meta.actor.email } : {}) },
      ...(input.templateId ? { templateId: input.templateId } : {}),
    },
    meta,
  );
  return { workflowId, result };
};

/**
 * Publishes a workflow's draft as its next version: validated with the chosen permissions (refused
 * with its problems, nothing changed), compiled to ASL and checked, its state machine created, then
 * `WorkflowPublished` recorded. The decider is asked first, so a refused publish (archived, nothing
 * changed, permissions beyond the publisher's) creates no machine.
 */
export const publishWorkflow = async (
  workflowId: string,
  input: { permissions: readonly string[]; operations: ReadonlyMap<string, string> },
  meta: Meta & { expectedVersion: number },
) => {
  const loaded = await loadRecord(aggregates.workflow, workflowId);
  if (loaded.version !== meta.expectedVersion) throw new StaleVersionError(loaded.version);
  const state = loaded.state as WorkflowState;
  if (!state.exists) return undefined;
  const command = {
    type: 'PublishWorkflow' as const,
    version: state.versions + 1,
    permissions: input.permissions,
    publisherPermissions: GRANTABLE_PERMISSIONS.filter((p: Permission) => allows(meta.actor, p)),
    stateMachineArn: '',
    aslSha256: '',
  };
  workflowDecider.decide(command, state);
  const problems = validateWorkflow(state.definition, {
    operations: input.operations,
    permissions: input.permissions,
  });
  if (problems.length) throw new WorkflowInvalidError(problems);
  const { stepFunctionArn } = config.workflowMachines;
  const compiled = await compileChecked(
    state.definition,
    stepFunctionArn,
    `${state.name} (version ${command.version})`,
  );
  const stateMachineArn = await createWorkflowMachine({
    workflowId,
    version: command.version,
    definition: compiled.text,
  });
  return execute(
    workflowDecider,
    aggregates.workflow.stream(workflowId),
    { ...command, stateMachineArn, aslSha256: compiled.sha256 },
    meta,
  );
};

/** A workflow's published versions, newest first, with who published each and when. */
export const workflowVersions = async (workflowId: string) => {
  const commits = await readStream(aggregates.workflow.stream(workflowId));
  return commits
    .flatMap((c) => c.events)
    .flatMap((e) =>
      e.type === 'WorkflowPublished'
        ? [
            {
              version: e.data.version,
              definition: e.data.definition,
              permissions: e.data.permissions,
              stateMachineArn: e.data.stateMachineArn,
              aslSha256: e.data.aslSha256,
              publishedAt: e.occurredAt,
              publishedBy: { id: e.actor.id, ...(e.actor.email ? { email: e.actor.email } : {}) },
            },
          ]
        : [],
    )
    .toSorted((a, b) => b.version - a.version);
};

/** One version with the ASL its state machine runs, as Step Functions holds it. */
export const workflowVersion = async (workflowId: string, version: number) => {
  const found = (await workflowVersions(workflowId)).find((v) => v.version === version);
  if (!found) return undefined;
  const machine = await describeWorkflowMachine(found.stateMachineArn);
  return { ...found, asl: JSON.parse(machine.definition) as Record<string, unknown> };
};
