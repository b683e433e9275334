import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { env } from '../../../functions/runtime/env.ts';
import { accept } from '../nag.ts';
import { prefix, type StagePolicy } from '../settings.ts';
import type { DeployedFunctionSpec } from './functions.ts';

export interface WorkflowMachinesProps {
  stage: string;
  policy: StagePolicy;
  functions: Record<string, DeployedFunctionSpec>;
  deployed: ReadonlyMap<string, lambda.Function>;
}

/** The function every workflow Task state invokes (functions/workflows/step.ts). */
export const WORKFLOW_STEP_FUNCTION = 'workflow-step';

/** Step Functions' CloudWatch Logs delivery and X-Ray actions: documented as needing "*". */
const LOG_DELIVERY_AND_TRACING = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
];

/** What creating a version's state machine calls (functions/adapters/workflow-machines.ts). */
const MACHINE_ACTIONS = ['states:CreateStateMachine', 'states:DescribeStateMachine', 'states:TagResource'];

/**
 * What workflows' state machines need, made at run time through the SFN API (one per published
 * version): their execution role, which may invoke the workflow-step function and nothing else, their
 * log group, and for the functions whose access says `workflowMachines`, the right to create and
 * describe machines named `firefly-<stage>-wf-*` and to pass that role only.
 */
export class WorkflowMachines extends Construct {
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowMachinesProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${prefix(props.stage)}-workflows`,
      retention: props.policy.logRetention,
      removalPolicy: props.policy.removalPolicy,
    });
    this.role = new iam.Role(this, 'ExecutionRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'),
      description: "Runs workflows' state machines: invokes the workflow-step function only",
    });
    const step = props.deployed.get(WORKFLOW_STEP_FUNCTION);
    step?.grantInvoke(this.role);
    this.role.addToPolicy(new iam.PolicyStatement({ actions: LOG_DELIVERY_AND_TRACING, resources: ['*'] }));
    accept(this.role, 'AwsSolutions-IAM5[Resource::*]');

    const machines = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: `${prefix(props.stage)}-wf-*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    for (const [name, spec] of Object.entries(props.functions)) {
      if (!spec.access.workflowMachines) continue;
      const fn = props.deployed.get(name)!;
      iam.Grant.addToPrincipal({ grantee: fn, actions: MACHINE_ACTIONS, resourceArns: [machines] });
      this.role.grantPassRole(fn.grantPrincipal);
      fn.addEnvironment(env.WORKFLOW_ROLE_ARN, this.role.roleArn);
      fn.addEnvironment(env.WORKFLOW_LOG_GROUP_ARN, this.logGroup.logGroupArn);
      if (step) fn.addEnvironment(env.WORKFLOW_STEP_FUNCTION_ARN, step.functionArn);
    }
  }
}
