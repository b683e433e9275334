import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachineSpec } from '../../../functions/manifest.ts';
import { accept } from '../nag.ts';
import { pascal, prefix, type StagePolicy } from '../settings.ts';
import { addSchedule, scheduleInput } from './triggers.ts';

export interface StateMachinesProps {
  stage: string;
  policy: StagePolicy;
  /** The repository root the specs' definition paths are relative to. */
  root: string;
  specs: Record<string, StateMachineSpec>;
  functions: ReadonlyMap<string, lambda.IFunction>;
}

type Asl = { States?: Record<string, AslState> };
type AslState = {
  Type?: string;
  Resource?: string;
  Branches?: Asl[];
  Iterator?: Asl;
  ItemProcessor?: Asl;
};

/**
 * Step Functions state machines from the manifest's ASL files, logged (ALL) and traced. The ASL names
 * each Task's Resource as a `${StateName}` placeholder; the manifest's `tasks` map turns it into the
 * function's ARN here, as the local engine maps the same state names to the same handlers.
 */
export class StateMachines extends Construct {
  readonly byName: ReadonlyMap<string, sfn.StateMachine>;

  constructor(scope: Construct, id: string, props: StateMachinesProps) {
    super(scope, id);
    const byName = new Map<string, sfn.StateMachine>();
    for (const [name, spec] of Object.entries(props.specs)) {
      byName.set(name, this.machine(name, spec, props));
    }
    this.byName = byName;
  }

  private machine(name: string, spec: StateMachineSpec, props: StateMachinesProps): sfn.StateMachine {
    const id = pascal(name);
    const path = join(props.root, spec.definition);
    const asl = JSON.parse(readFileSync(path, 'utf8')) as Asl & { TimeoutSeconds?: number };
    const placeholders = taskPlaceholders(asl);
    const unmapped = placeholders.filter((p) => !(p in spec.tasks));
    const unused = Object.keys(spec.tasks).filter((t) => !placeholders.includes(t));
    if (unmapped.length > 0 || unused.length > 0) {
      throw new Error(
        `State machine ${name}: Task placeholders without a function [${unmapped.join(', ')}], ` +
          `tasks without a Task state [${unused.join(', ')}]`,
      );
    }
    const invoked = Object.entries(spec.tasks).map(([state, functionName]) => {
      const fn = props.functions.get(functionName);
      if (!fn) throw new Error(`State machine ${name}: ${state} names unknown function ${functionName}`);
      return [state, fn] as const;
    });

    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      // Step Functions' log delivery needs the /aws/vendedlogs/ prefix to stay under the policy size limit.
      logGroupName: `/aws/vendedlogs/states/${prefix(props.stage)}-${name}`,
      retention: props.policy.logRetention,
      removalPolicy: props.policy.removalPolicy,
    });
    const machine = new sfn.StateMachine(this, id, {
      stateMachineName: `${prefix(props.stage)}-${name}`,
      comment: spec.description,
      // Inline, with the manifest's timeout as the machine's own: CDK's `timeout` cannot reach into a
      // definition it did not build.
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify({ ...asl, TimeoutSeconds: spec.timeoutSeconds }),
      ),
      definitionSubstitutions: Object.fromEntries(invoked.map(([state, fn]) => [state, fn.functionArn])),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    for (const fn of new Set(invoked.map(([, fn]) => fn))) fn.grantInvoke(machine);
    accept(machine.role, 'AwsSolutions-IAM5[Resource::*]');

    for (const trigger of spec.triggers) {
      addSchedule(
        this,
        props.stage,
        trigger,
        (dlq) =>
          new schedulerTargets.StepFunctionsStartExecution(machine, {
            input: scheduleInput(trigger),
            deadLetterQueue: dlq.queue,
            retryAttempts: 3,
          }),
      );
    }
    return machine;
  }
}

/** The `${Name}` placeholders of every Task state, including inside Parallel branches and Map iterators. */
const taskPlaceholders = (asl: Asl): string[] =>
  Object.values(asl.States ?? {}).flatMap((state) => [
    ...(state.Type === 'Task'
      ? [/^\$\{(.+)\}$/.exec(state.Resource ?? '')?.[1]].filter((p) => p !== undefined)
      : []),
    ...(state.Branches ?? []).flatMap(taskPlaceholders),
    ...(state.Iterator ? taskPlaceholders(state.Iterator) : []),
    ...(state.ItemProcessor ? taskPlaceholders(state.ItemProcessor) : []),
  ]);
