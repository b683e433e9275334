import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, describe, expect, it } from 'vitest';
import type { FunctionSpec } from '../../../functions/manifest.ts';
import { startAwsApi } from '../../../infra/local/aws-api.ts';
import { ROOT } from '../../../infra/local/cloud.ts';
import type { LocalFunction } from '../../../infra/local/lambda.ts';
import { createLocalStepFunctions } from '../../../infra/local/stepfunctions.ts';

/** State machines created through the API (workflows' versions): kept under a directory, re-registered at start. */
const dir = mkdtempSync(join(tmpdir(), 'firefly-sfn-'));
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  rmSync(dir, { recursive: true, force: true });
});

const step: LocalFunction = {
  name: 'workflow-step',
  spec: {
    entry: 'x',
    description: 'x',
    memoryMb: 128,
    timeoutSeconds: 5,
    triggers: [],
    access: {},
  } as FunctionSpec,
  handler: async (event) => ({ echoed: (event as { step: { id: string } }).step.id }),
};

const engine = async (functions: Map<string, LocalFunction>, options: { waitMs?: number } = {}) => {
  const local = createLocalStepFunctions({}, functions, {
    root: ROOT,
    region: 'us-east-1',
    prefix: 'test',
    machinesDir: dir,
    ...options,
  });
  const api = await startAwsApi(local.operations);
  stops.push(async () => {
    await local.stop();
    await api.stop();
  });
  const client = new SFNClient({
    endpoint: api.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
  return { local, client };
};

const definition = JSON.stringify({
  StartAt: 'call',
  States: {
    call: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:000000000000:function:firefly-local-workflow-step',
      Parameters: { step: { id: 'call' }, 'data.$': '$' },
      ResultPath: '$.steps.call',
      End: true,
    },
  },
});
const create = { name: 'firefly-local-wf-w1-v1', definition, roleArn: 'arn:aws:iam::000000000000:role/wf' };

describe('state machines created through the local Step Functions API', () => {
  let arn = '';

  it('creates one, idempotently, and refuses the same name with another definition', async () => {
    const { client } = await engine(new Map());
    const created = await client.send(new CreateStateMachineCommand(create));
    arn = created.stateMachineArn!;
    expect(arn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:firefly-local-wf-w1-v1');
    expect((await client.send(new CreateStateMachineCommand(create))).stateMachineArn).toBe(arn);
    await expect(
      client.send(
        new CreateStateMachineCommand({ ...create, definition: definition.replace('call', 'other') }),
      ),
    ).rejects.toMatchObject({ name: 'StateMachineAlreadyExists' });
    await expect(
      client.send(new CreateStateMachineCommand({ ...create, name: 'bad', definition: '{"StartAt":"x"}' })),
    ).rejects.toMatchObject({ name: 'InvalidDefinition' });
    const described = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({
      name: create.name,
      definition,
      roleArn: create.roleArn,
      status: 'ACTIVE',
    });
  });

  it('fails a Task whose function does not exist, rather than calling real Lambda', async () => {
    const { client, local } = await engine(new Map());
    const started = await client.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const ended = await local.wait(started.executionArn!);
    expect(ended).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('registers them again after a restart, their Tasks running the function their Resource names', async () => {
    const { client, local } = await engine(new Map([['workflow-step', step]]));
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{}', name: 'after' }),
    );
    await local.wait(started.executionArn!);
    const done = await client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ steps: { call: { echoed: 'call' } } });
    await client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(
      client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    const { client: next } = await engine(new Map());
    await expect(next.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });
  it('pauses every Wait, in branches too, for the time tests give instead of its days', async () => {
    const { client, local } = await engine(new Map(), { waitMs: 0 });
    const week = { Type: 'Wait', Seconds: 7 * 86_400, End: true };
    const waiting = await client.send(
      new CreateStateMachineCommand({
        ...create,
        name: 'firefly-local-wf-waits-v1',
        definition: JSON.stringify({
          StartAt: 'week',
          States: {
            week: { ...week, End: undefined, Next: 'both' },
            both: {
              Type: 'Parallel',
              Branches: [
                { StartAt: 'until', States: { until: { Type: 'Wait', TimestampPath: '$.when', End: true } } },
                { StartAt: 'inner', States: { inner: week } },
              ],
              End: true,
            },
          },
        }),
      }),
    );
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: waiting.stateMachineArn,
        input: JSON.stringify({ when: '2099-01-01T00:00:00Z' }),
      }),
    );
    const ended = await Promise.race([
      local.wait(started.executionArn!),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000)),
    ]);
    expect(ended).toMatchObject({ status: 'SUCCEEDED' });
  });
});
