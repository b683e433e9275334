import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { env } from '../../../functions/runtime/env.ts';
import { prefix } from '../settings.ts';
import type { DeployedFunctionSpec } from './functions.ts';

export interface WorkflowSchedulesProps {
  stage: string;
  functions: Record<string, DeployedFunctionSpec>;
  deployed: ReadonlyMap<string, lambda.Function>;
}

/** What keeping a workflow's schedule calls (functions/adapters/workflow-schedules.ts). */
const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:UpdateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
];

/**
 * What workflows' schedule triggers need, made at run time through EventBridge Scheduler (one schedule
 * per active workflow): a schedule group of the stage's own, and a role the schedules run as, which may
 * invoke the starter and nothing else. Functions whose access says `workflowSchedules` (the starter,
 * which targets itself) may create, update, read and delete schedules of that group only, and pass
 * that role only.
 */
export class WorkflowSchedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WorkflowSchedulesProps) {
    super(scope, id);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${prefix(props.stage)}-workflows`,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: "Runs workflows' schedules: invokes the workflow starter only",
    });
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    for (const [name, spec] of Object.entries(props.functions)) {
      if (!spec.access.workflowSchedules) continue;
      const fn = props.deployed.get(name)!;
      fn.grantInvoke(this.role);
      iam.Grant.addToPrincipal({ grantee: fn, actions: SCHEDULE_ACTIONS, resourceArns: [schedules] });
      this.role.grantPassRole(fn.grantPrincipal);
      fn.addEnvironment(env.WORKFLOW_SCHEDULE_GROUP, this.group.scheduleGroupName);
      fn.addEnvironment(env.WORKFLOW_SCHEDULER_ROLE_ARN, this.role.roleArn);
    }
  }
}
