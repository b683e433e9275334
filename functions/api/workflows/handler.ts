import { ROLES } from '../../../domain/access/permissions.ts';
import { WORKFLOW_TEMPLATES } from '../../../domain/workflows/templates.ts';
import { triggerEventTypes } from '../../../domain/workflows/triggers.ts';
import { validateWorkflow } from '../../../domain/workflows/validate.ts';
import { GRANTABLE_PERMISSIONS } from '../../../domain/workflows/workflows.ts';
import { COMPARISONS, RECORD_KINDS, type WorkflowDefinition } from '../../../events/contexts/workflows.ts';
import { eventFields } from '../../../events/fields.ts';
import { WorkflowMachineConflictError } from '../../adapters/workflow-machines.ts';
import { aggregates } from '../../application/aggregates.ts';
import { httpHandler, implement, type Request } from '../../http/adapter.ts';
import { HttpProblem, notFound } from '../../http/problem.ts';
import type { RouteContract } from '../../http/route.ts';
import {
  draftWorkflow,
  publishWorkflow,
  UnknownTemplateError,
  WorkflowInvalidError,
  workflowVersion,
  workflowVersions,
} from '../../workflows/publish.ts';
import { recordsOf } from '../records.ts';
import * as api from './contract.ts';
import { operationPermissions, workflowOperations } from './operations.ts';

const records = recordsOf(aggregates.workflow, api.workflowActionRoutes);

const problemsOf = (definition: WorkflowDefinition, permissions?: readonly string[]) =>
  validateWorkflow(definition, { operations: operationPermissions(), permissions });

/** A workflow as the API shows it: the record, and what keeps its draft from being published. */
const withProblems = <R extends { body: object }>(reply: R): R => ({
  ...reply,
  body: {
    ...reply.body,
    problems: problemsOf((reply.body as { definition: WorkflowDefinition }).definition),
  },
});

const meta = (request: Request<RouteContract>) => ({
  actor: request.actor!,
  correlationId: request.correlationId,
});

/** The edge's word for the refusals publishing and drafting can meet. */
const asProblem = (error: unknown): never => {
  if (error instanceof WorkflowInvalidError)
    throw new HttpProblem(422, 'workflow-invalid', 'The workflow has problems', error.message, {
      problems: error.problems,
    });
  if (error instanceof UnknownTemplateError)
    throw new HttpProblem(422, 'unknown-template', 'No such template', error.message, {
      errors: [{ path: 'templateId', message: error.message }],
    });
  if (error instanceof WorkflowMachineConflictError)
    throw new HttpProblem(
      409,
      'state-machine-conflict',
      'The version was published meanwhile',
      error.message,
    );
  throw error;
};

export const handler = httpHandler('workflows', [
  implement(api.listWorkflows, async ({ query, actor }) => {
    const reply = await records.list(actor, query);
    return {
      body: { ...reply.body, items: reply.body.items.map((item) => withProblems({ body: item }).body) },
    };
  }),
  implement(api.createWorkflow, async (request) => {
    const { workflowId, result } = await draftWorkflow(request.body, meta(request)).catch(asProblem);
    return {
      status: 201,
      ...withProblems({ body: records.present(request.actor, workflowId, result) }),
      version: result.version,
    };
  }),
  implement(api.listTemplates, async () => ({
    body: {
      items: WORKFLOW_TEMPLATES.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        category: t.category,
        trigger: t.definition.trigger,
        stepCount: t.definition.steps.length,
        steps: t.definition.steps.map(({ id, name, kind }) => ({ id, name, kind })),
        permissions: t.permissions,
      })),
    },
  })),
  implement(api.workflowMeta, async () => ({
    body: {
      triggers: triggerEventTypes().map((t) => ({ ...t, fields: eventFields(t.type) ?? [] })),
      operations: workflowOperations(),
      permissions: [...GRANTABLE_PERMISSIONS],
      recordKinds: [...RECORD_KINDS],
      roles: [...ROLES],
      comparisons: [...COMPARISONS],
    },
  })),
  implement(api.validateWorkflow, async ({ body }) => ({
    body: { problems: problemsOf(body.definition, body.permissions) },
  })),
  implement(api.getWorkflow, async ({ params, actor }) => withProblems(await records.read(actor, params.id))),
  implement(api.editWorkflow, async (request) =>
    withProblems(
      await records.command(request, request.params.id, {
        type: 'EditWorkflow',
        name: request.body.name,
        description: request.body.description,
        definition: request.body.definition,
      }),
    ),
  ),
  implement(api.workflowEvents, ({ params }) => records.history(params.id)),
  implement(api.publishWorkflow, async (request) => {
    const result = await publishWorkflow(
      request.params.id,
      { permissions: request.body.permissions, operations: operationPermissions() },
      { ...meta(request), expectedVersion: request.ifMatch },
    ).catch(asProblem);
    if (!result) throw notFound(`Workflow ${request.params.id}`);
    return {
      ...withProblems({ body: records.present(request.actor, request.params.id, result) }),
      version: result.version,
    };
  }),
  implement(api.pauseWorkflow, async (request) =>
    withProblems(
      await records.command(request, request.params.id, {
        type: 'PauseWorkflow',
        ...(request.body.reason ? { reason: request.body.reason } : {}),
      }),
    ),
  ),
  implement(api.resumeWorkflow, async (request) =>
    withProblems(await records.command(request, request.params.id, { type: 'ResumeWorkflow' })),
  ),
  implement(api.archiveWorkflow, async (request) =>
    withProblems(await records.command(request, request.params.id, { type: 'ArchiveWorkflow' })),
  ),
  implement(api.listVersions, async ({ params, actor }) => {
    await records.read(actor, params.id);
    const versions = await workflowVersions(params.id);
    return { body: { items: versions.map(({ definition: _, ...summary }) => summary) } };
  }),
  implement(api.getVersion, async ({ params }) => {
    const found = await workflowVersion(params.id, params.version);
    if (!found) throw notFound(`Version ${params.version} of workflow ${params.id}`);
    return { body: found };
  }),
]);
