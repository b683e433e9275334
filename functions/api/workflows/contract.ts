import * as z from 'zod';
import { ROLES } from '../../../domain/access/permissions.ts';
import { TEMPLATE_CATEGORIES } from '../../../domain/workflows/templates.ts';
import {
  GRANTABLE_PERMISSIONS,
  WORKFLOW_ACTIONS,
  WORKFLOW_STATUSES,
  type WorkflowAction,
} from '../../../domain/workflows/workflows.ts';
import {
  COMPARISONS,
  RECORD_KINDS,
  Step,
  StepId,
  type StepKind,
  Trigger,
  WorkflowDefinition,
} from '../../../events/contexts/workflows.ts';
import { aggregates } from '../../application/aggregates.ts';
import { Reason } from '../../http/inputs.ts';
import { defineRoute, type RouteContract } from '../../http/route.ts';
import { actionsOf, EventHistory, Id, IdParams, Meta, Name, PageQuery, page } from '../schemas.ts';

const tag = 'Workflows';

export const WorkflowStatus = z.enum(WORKFLOW_STATUSES).meta({
  id: 'WorkflowStatus',
  description:
    'draft: never published; active: new runs start its published version; paused: starts no runs; archived: starts none and cannot change',
});

export const GrantablePermission = z.enum(GRANTABLE_PERMISSIONS).meta({
  id: 'WorkflowPermission',
  description: "A permission a workflow's command steps may be given at publish",
});

export const WorkflowProblem = z
  .object({
    stepId: StepId.optional().meta({
      description: 'The step it is about; absent for the trigger or the start',
    }),
    field: z.string().meta({ description: 'The field of the step (or of the definition) to fix' }),
    message: z.string(),
  })
  .meta({ id: 'WorkflowProblem' });

const Description = z.string().trim().max(1000);
const Actor = z.object({ id: z.string(), email: z.string().optional() });

export const PublishedVersion = z
  .object({
    version: z.number().int().min(1),
    definition: WorkflowDefinition,
    permissions: z.array(z.string()),
    stateMachineArn: z.string(),
    aslSha256: z.string(),
  })
  .meta({ id: 'WorkflowPublishedVersion' });

export const Workflow = z
  .object({
    id: Id,
    name: z.string(),
    description: z.string(),
    status: WorkflowStatus,
    pausedReason: z.string().optional(),
    definition: WorkflowDefinition.meta({ description: 'The draft the builder edits' }),
    owner: Actor,
    templateId: z.string().optional(),
    draftChanged: z
      .boolean()
      .meta({ description: 'The draft differs from the published version (or nothing is published yet)' }),
    versions: z.number().int().min(0).meta({ description: 'How many versions were published' }),
    published: PublishedVersion.optional().meta({ description: 'The version new runs start' }),
    problems: z.array(WorkflowProblem).meta({
      description: "What keeps the draft from being published (commands' permissions are checked at publish)",
    }),
    actions: actionsOf(WORKFLOW_ACTIONS, 'WorkflowAction'),
    ...Meta,
  })
  .meta({ id: 'Workflow' });

export const WorkflowVersionSummary = z
  .object({
    version: z.number().int().min(1),
    permissions: z.array(z.string()),
    stateMachineArn: z.string(),
    aslSha256: z.string(),
    publishedAt: z.string(),
    publishedBy: Actor,
  })
  .meta({ id: 'WorkflowVersionSummary' });

export const WorkflowVersion = WorkflowVersionSummary.extend({
  definition: WorkflowDefinition,
  asl: z
    .record(z.string(), z.unknown())
    .meta({ description: 'The Amazon States Language of its state machine (SHA-256 = aslSha256)' }),
}).meta({ id: 'WorkflowVersion' });

const VersionParams = z.object({ id: Id, version: z.coerce.number().int().min(1).max(100_000) }).strict();

export const listWorkflows = defineRoute({
  method: 'GET',
  path: '/api/workflows',
  permission: aggregates.workflow.read,
  summary: 'List workflows, optionally by status; search matches names and descriptions',
  tag,
  query: PageQuery.extend({ status: WorkflowStatus.optional() }).strict(),
  response: page(Workflow, 'WorkflowPage'),
});

const STEP_KINDS = Step.options.map((o) => o.shape.kind.value) as [StepKind, ...StepKind[]];

export const WorkflowTemplateSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    category: z.enum(TEMPLATE_CATEGORIES),
    trigger: Trigger,
    stepCount: z.number().int().min(1),
    steps: z
      .array(z.object({ id: StepId, name: z.string(), kind: z.enum(STEP_KINDS) }))
      .meta({ description: 'Its steps in canvas order, for a preview' }),
    permissions: z
      .array(GrantablePermission)
      .meta({ description: 'What its command steps need when it is published' }),
  })
  .meta({ id: 'WorkflowTemplate' });

export const listTemplates = defineRoute({
  method: 'GET',
  path: '/api/workflows/templates',
  permission: 'workflows:read',
  summary:
    'Workflow templates: ready-made workflows to draft from (`templateId` when creating a workflow), each with its trigger and steps',
  tag,
  response: z.object({ items: z.array(WorkflowTemplateSummary) }).meta({ id: 'WorkflowTemplates' }),
});

export const createWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows',
  permission: 'workflows:edit',
  summary:
    'Draft a workflow: from a definition, from a template (`templateId`), or from scratch (a manual trigger and one empty step)',
  tag,
  status: 201,
  body: z
    .object({
      name: Name.optional().meta({
        description: "Absent: the template's name (required without a template)",
      }),
      description: Description.optional().meta({
        description: "Absent: the template's description, or none",
      }),
      definition: WorkflowDefinition.optional(),
      templateId: z
        .string()
        .min(1)
        .max(100)
        .optional()
        .meta({ description: 'A workflow template to start from' }),
    })
    .strict()
    .refine((b) => !(b.definition && b.templateId), 'Give a definition or a template, not both')
    .refine((b) => b.name !== undefined || b.templateId !== undefined, {
      message: 'Name the workflow, or give a template to take its name from',
      path: ['name'],
    })
    .meta({ id: 'CreateWorkflow' }),
  response: Workflow,
});

export const TriggerEventType = z
  .object({
    type: z.string(),
    summary: z.string(),
    context: z.string(),
    fields: z.array(
      z.object({
        path: z.string().meta({ description: 'In a condition: $.trigger.data.<path>' }),
        type: z.enum(['string', 'number', 'boolean', 'timestamp', 'array', 'object', 'unknown']),
        required: z.boolean(),
        values: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
      }),
    ),
  })
  .meta({ id: 'WorkflowTriggerEventType' });

export const WorkflowMeta = z
  .object({
    triggers: z
      .array(TriggerEventType)
      .meta({ description: 'Event types that can start a workflow, with their fields' }),
    operations: z
      .array(
        z.object({
          operationId: z.string(),
          method: z.string(),
          path: z.string(),
          summary: z.string(),
          permission: z.string(),
        }),
      )
      .meta({ description: 'API operations a command step may run, with the permission each needs' }),
    permissions: z.array(GrantablePermission),
    recordKinds: z.array(z.enum(RECORD_KINDS)),
    roles: z.array(z.enum(ROLES)),
    comparisons: z.array(z.enum(COMPARISONS)),
  })
  .meta({ id: 'WorkflowMeta' });

export const workflowMeta = defineRoute({
  method: 'GET',
  path: '/api/workflows/meta',
  permission: 'workflows:read',
  summary:
    'What the builder offers: trigger event types with their fields, operations command steps may run and their permissions, record kinds, roles (outbound endpoints are in their own API)',
  tag,
  response: WorkflowMeta,
});

export const validateWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/validate',
  permission: 'workflows:edit',
  summary:
    "A definition's problems, each naming its step and field, without saving it; with `permissions`, also the commands they would not allow",
  tag,
  body: z
    .object({ definition: WorkflowDefinition, permissions: z.array(GrantablePermission).max(20).optional() })
    .strict()
    .meta({ id: 'ValidateWorkflow' }),
  response: z.object({ problems: z.array(WorkflowProblem) }).meta({ id: 'WorkflowValidation' }),
});

export const getWorkflow = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}',
  permission: aggregates.workflow.read,
  summary: 'Read a workflow: its draft with its problems, status, and the version new runs start',
  tag,
  params: IdParams,
  response: Workflow,
});

export const editWorkflow = defineRoute({
  method: 'PUT',
  path: '/api/workflows/{id}',
  permission: 'workflows:edit',
  summary: "Replace a workflow's draft (its published versions are untouched)",
  tag,
  params: IdParams,
  ifMatch: true,
  body: z
    .object({ name: Name, description: Description.default(''), definition: WorkflowDefinition })
    .strict()
    .meta({ id: 'EditWorkflow' }),
  response: Workflow,
});

export const workflowEvents = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}/events',
  permission: 'events:read',
  summary: "A workflow's full event history: drafts, edits, versions, pauses, each with its actor",
  tag,
  params: IdParams,
  response: EventHistory,
});

export const publishWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/publish',
  permission: 'workflows:publish',
  summary:
    'Publish the draft as the next version: compiled to a state machine new runs start. Its command steps get `permissions` (never more than yours); an invalid draft is refused (422, with its `problems`) and nothing changes',
  tag,
  params: IdParams,
  ifMatch: true,
  problems: [422],
  body: z
    .object({ permissions: z.array(GrantablePermission).max(20).default([]) })
    .strict()
    .meta({ id: 'PublishWorkflow' }),
  response: Workflow,
});

export const pauseWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/pause',
  permission: 'workflows:publish',
  summary: 'Stop starting runs (runs under way go on)',
  tag,
  params: IdParams,
  ifMatch: true,
  body: z.object({ reason: Reason.optional() }).strict().meta({ id: 'PauseWorkflow' }),
  response: Workflow,
});

export const resumeWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/resume',
  permission: 'workflows:publish',
  summary: 'Start runs again',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Workflow,
});

export const archiveWorkflow = defineRoute({
  method: 'POST',
  path: '/api/workflows/{id}/archive',
  permission: 'workflows:publish',
  summary: 'Archive a workflow: it starts no runs and cannot change; its versions and runs stay',
  tag,
  params: IdParams,
  ifMatch: true,
  response: Workflow,
});

export const listVersions = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}/versions',
  permission: aggregates.workflow.read,
  summary: "A workflow's published versions, newest first: who published each, when, with which permissions",
  tag,
  params: IdParams,
  response: z.object({ items: z.array(WorkflowVersionSummary) }).meta({ id: 'WorkflowVersions' }),
});

export const getVersion = defineRoute({
  method: 'GET',
  path: '/api/workflows/{id}/versions/{version}',
  permission: aggregates.workflow.read,
  summary: 'One published version: its definition and the Amazon States Language of its state machine',
  tag,
  params: VersionParams,
  response: WorkflowVersion,
});

export const workflowRoutes = [
  listWorkflows,
  createWorkflow,
  listTemplates,
  workflowMeta,
  validateWorkflow,
  getWorkflow,
  editWorkflow,
  workflowEvents,
  publishWorkflow,
  pauseWorkflow,
  resumeWorkflow,
  archiveWorkflow,
  listVersions,
  getVersion,
];

export const workflowActionRoutes = {
  edit: editWorkflow,
  publish: publishWorkflow,
  pause: pauseWorkflow,
  resume: resumeWorkflow,
  archive: archiveWorkflow,
} satisfies Record<WorkflowAction, RouteContract>;
