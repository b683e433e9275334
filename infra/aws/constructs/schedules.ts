import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { SCHEDULE_ENV, type ScheduleGroup } from '../../../functions/runtime/config.ts';
import { prefix } from '../settings.ts';
import type { DeployedFunctionSpec } from './functions.ts';

export interface SchedulesProps {
  stage: string;
  /** Which kind of run-time schedules: workflows' schedule triggers, or saved reports' schedules. */
  group: ScheduleGroup;
  functions: Record<string, DeployedFunctionSpec>;
  deployed: ReadonlyMap<string, lambda.Function>;
}

/** What keeping a schedule calls (functions/adapters/schedules.ts). */
const SCHEDULE_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:UpdateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
];

/**
 * What schedules made at run time through EventBridge Scheduler need, per kind (one schedule per
 * active workflow with a schedule trigger, or per scheduled report): a schedule group of the stage's
 * own, and a role the schedules run as, which may invoke that kind's starter and nothing else.
 * Functions whose access says `schedules: <kind>` (the starter, which targets itself) may create,
 * update, read and delete schedules of that group only, and pass that role only.
 */
export class Schedules extends Construct {
  readonly group: scheduler.ScheduleGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: `${prefix(props.stage)}-${props.group}`,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Runs ${props.group}' schedules: invokes their starter only`,
    });
    const schedules = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.group.scheduleGroupName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    for (const [name, spec] of Object.entries(props.functions)) {
      if (spec.access.schedules !== props.group) continue;
      const fn = props.deployed.get(name)!;
      fn.grantInvoke(this.role);
      iam.Grant.addToPrincipal({ grantee: fn, actions: SCHEDULE_ACTIONS, resourceArns: [schedules] });
      this.role.grantPassRole(fn.grantPrincipal);
      fn.addEnvironment(SCHEDULE_ENV[props.group].group, this.group.scheduleGroupName);
      fn.addEnvironment(SCHEDULE_ENV[props.group].role, this.role.roleArn);
    }
  }
}
