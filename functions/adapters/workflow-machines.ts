import {
  CreateStateMachineCommand,
  DescribeStateMachineCommand,
  StateMachineAlreadyExists,
} from '@aws-sdk/client-sfn';
import { config } from '../runtime/config.ts';
import { sfn } from './clients.ts';

/** A version's state machine exists under its name with another definition: it must not be replaced. */
export class WorkflowMachineConflictError extends Error {
  override name = 'WorkflowMachineConflictError';
}

/**
 * `<prefix>-wf-<workflowId>-v<version>`: the name CDK grants the API's role by prefix. A test run's
 * machine is named after its definition (`-vt<hash>`), so a changed draft gets a machine of its own.
 */
export const workflowMachineName = (workflowId: string, version: number | `t${string}`): string =>
  `${config.workflowMachines.namePrefix}${workflowId}-v${version}`;

/** The machine's ARN from its name: same account as the execution role, the client's region. */
const arnOf = async (name: string): Promise<string> => {
  const account = config.workflowMachines.roleArn.split(':')[4];
  const region = await sfn().config.region();
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
};

/**
 * Creates the state machine of a published version (Standard, logged and traced like the CDK
 * machines, run as the workflows' execution role) and returns its ARN. Idempotent on retry: Step
 * Functions answers a second create of the same name and definition with the existing machine; a
 * machine of that name with another definition is refused, never replaced.
 */
export const createWorkflowMachine = async (input: {
  workflowId: string;
  version: number | `t${string}`;
  definition: string;
}): Promise<string> => {
  const { roleArn, logGroupArn } = config.workflowMachines;
  const name = workflowMachineName(input.workflowId, input.version);
  try {
    const created = await sfn().send(
      new CreateStateMachineCommand({
        name,
        definition: input.definition,
        roleArn,
        type: 'STANDARD',
        ...(logGroupArn
          ? {
              loggingConfiguration: {
                level: 'ALL',
                includeExecutionData: true,
                destinations: [{ cloudWatchLogsLogGroup: { logGroupArn } }],
              },
            }
          : {}),
        tracingConfiguration: { enabled: true },
        tags: [
          { key: 'firefly:workflow', value: input.workflowId },
          { key: 'firefly:version', value: String(input.version) },
        ],
      }),
    );
    return created.stateMachineArn!;
  } catch (error) {
    if (
      !(error instanceof StateMachineAlreadyExists) &&
      (error as Error).name !== 'StateMachineAlreadyExists'
    )
      throw error;
    const arn = await arnOf(name);
    const existing = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    if (existing.definition !== input.definition)
      throw new WorkflowMachineConflictError(`State machine ${name} exists with another definition`);
    return arn;
  }
};

/** A version's state machine definition, as Step Functions holds it. */
export const describeWorkflowMachine = async (stateMachineArn: string) => {
  const described = await sfn().send(new DescribeStateMachineCommand({ stateMachineArn }));
  return { definition: described.definition!, status: described.status };
};
