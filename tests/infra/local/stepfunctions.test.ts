import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import validator from 'asl-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FunctionSpec,
  functions,
  type StateMachineSpec,
  stateMachines,
} from '../../../functions/manifest.ts';
import { startAwsApi } from '../../../infra/local/aws-api.ts';
import { ROOT } from '../../../infra/local/cloud.ts';
import type { LocalFunction } from '../../../infra/local/lambda.ts';
import { createLocalStepFunctions, taskStates } from '../../../infra/local/stepfunctions.ts';

type Asl = {
  States: Record<string, { Type: string; Resource?: string; TimeoutSeconds?: number }>;
  TimeoutSeconds?: number;
  QueryLanguage?: string;
};
const files = readdirSync(join(ROOT, 'statemachines')).filter((f) => f.endsWith('.asl.json'));
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Asl;

describe('state machine definitions', () => {
  it.each(files)('%s is valid Amazon States Language (JSONPath), per asl-validator', (file) => {
    const asl = read(`statemachines/${file}`);
    const result = validator(asl, { checkArn: true, checkPaths: true });
    expect(result.errorsText('\n')).toBe('');
    expect(result.isValid).toBe(true);
    // The local engine ignores JSONata silently.
    expect(JSON.stringify(asl)).not.toMatch(/JSONata|"Assign"|"Arguments"|"Output"/);
  });

  it('every definition is a manifest state machine, and the other way round', () => {
    expect(
      Object.values(stateMachines)
        .map((s) => s.definition)
        .toSorted(),
    ).toEqual(files.map((f) => `statemachines/${f}`).toSorted());
  });

  it.each(Object.entries(stateMachines))(
    '%s maps every Task to a function, with explicit timeouts',
    (_, spec) => {
      const asl = read(spec.definition);
      expect(asl.TimeoutSeconds).toBe(spec.timeoutSeconds);
      const tasks = taskStates(asl);
      expect(tasks.toSorted()).toEqual(Object.keys(spec.tasks).toSorted());
      for (const name of tasks) {
        const state = asl.States[name]!;
        expect(state.Resource).toBe(`\${${name}}`);
        // Without it the local engine stops a task after 60 s (AWS waits for the Lambda's own timeout).
        const fn = functions[spec.tasks[name]!]!;
        expect(state.TimeoutSeconds, name).toBeGreaterThanOrEqual(fn.timeoutSeconds);
      }
    },
  );
});

/** A local function from a plain async function. */
const fn = (name: string, handler: (event: unknown) => Promise<unknown>): LocalFunction => ({
  name,
  spec: {
    entry: name,
    description: name,
    memoryMb: 128,
    timeoutSeconds: 5,
    triggers: [],
    access: {},
  } as FunctionSpec,
  handler: (event) => handler(event),
});

describe('the local Step Functions API', () => {
  let client: SFNClient;
  let local: ReturnType<typeof createLocalStepFunctions>;
  let stop: () => Promise<void>;
  const definition = join(ROOT, 'tests/infra/local/fixtures/sample.asl.json');

  beforeAll(async () => {
    const specs: Record<string, StateMachineSpec> = {
      sample: {
        definition,
        description: 'sample',
        tasks: { Work: 'worker', Recover: 'recoverer' },
        triggers: [{ kind: 'schedule', name: 'sample-hourly', expression: 'rate(1 hour)', description: 'x' }],
        timeoutSeconds: 60,
      },
    };
    const loaded = new Map([
      [
        'worker',
        fn('worker', async (event) => {
          const input = event as { n?: number; fail?: string; big?: boolean; skip?: undefined };
          if (input.fail)
            throw Object.assign(new Error(`asked to fail: ${input.fail}`), { name: input.fail });
          if (input.big) return { blob: 'x'.repeat(300 * 1024) };
          return { doubled: (input.n ?? 0) * 2, gone: undefined };
        }),
      ],
      [
        'recoverer',
        fn('recoverer', async (event) => ({
          recovered: (event as { error: { Error: string } }).error.Error,
        })),
      ],
    ]);
    local = createLocalStepFunctions(specs, loaded, { root: ROOT, region: 'us-east-1', prefix: 'test' });
    const api = await startAwsApi(local.operations);
    stop = api.stop;
    client = new SFNClient({
      endpoint: api.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    await local.stop();
    await stop();
  });

  const run = async (input: unknown, name?: string) => {
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: local.arnOf('sample'),
        input: JSON.stringify(input),
        name,
      }),
    );
    await local.wait(started.executionArn!);
    return client.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
  };

  it('runs an execution through the real SDK: JSON in, JSON out (undefined fields dropped)', async () => {
    const done = await run({ n: 21 }, 'first');
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ doubled: 42 });
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:test-sample:first');
  });

  it("catches a task's error by its name and fails with a Fail state's error and cause", async () => {
    const caught = await run({ fail: 'Recoverable' });
    expect(caught.status).toBe('SUCCEEDED');
    expect(JSON.parse(caught.output!)).toEqual({ recovered: 'Recoverable' });
    const failed = await run({ fail: 'Fatal' });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'SampleFailed', cause: 'asked to fail: Fatal' });
  });

  it("holds task payloads to Step Functions' 256 KB", async () => {
    const failed = await run({ big: true });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });

  it('refuses unknown machines and executions and reused names with client errors, at once', async () => {
    await expect(
      client.send(new DescribeExecutionCommand({ executionArn: `${local.arnOf('sample')}:nope` })),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist', $metadata: { httpStatusCode: 400 } });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: local.arnOf('other'), input: '{}' })),
    ).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
    await expect(
      client.send(
        new StartExecutionCommand({
          stateMachineArn: local.arnOf('sample'),
          input: '{"n":1}',
          name: 'first',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
    await expect(
      client.send(new StartExecutionCommand({ stateMachineArn: local.arnOf('sample'), input: '{nope' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
  });

  it('lists executions newest first, filtered by status, in pages', async () => {
    const all = await client.send(new ListExecutionsCommand({ stateMachineArn: local.arnOf('sample') }));
    expect(all.executions!.length).toBe(4);
    const dates = all.executions!.map((e) => e.startDate!.getTime());
    expect(dates).toEqual(dates.toSorted((a, b) => b - a));
    const failed = await client.send(
      new ListExecutionsCommand({ stateMachineArn: local.arnOf('sample'), statusFilter: 'FAILED' }),
    );
    expect(failed.executions!.map((e) => e.status)).toEqual(['FAILED', 'FAILED']);
    const page = await client.send(
      new ListExecutionsCommand({ stateMachineArn: local.arnOf('sample'), maxResults: 2 }),
    );
    expect(page.executions).toHaveLength(2);
    const next = await client.send(
      new ListExecutionsCommand({
        stateMachineArn: local.arnOf('sample'),
        maxResults: 2,
        nextToken: page.nextToken,
      }),
    );
    expect(next.executions![0]!.executionArn).toBe(all.executions![2]!.executionArn);
  });

  it('starts an execution from a schedule with the input Scheduler gives', async () => {
    const [schedule] = local.schedules;
    expect(schedule).toMatchObject({ name: 'sample-hourly', expression: 'rate(1 hour)' });
    const { executionArn } = (await schedule!.target.handler(
      { schedule: 'sample-hourly', scheduledTime: '2026-01-01T00:00:00Z' },
      {} as never,
    )) as { executionArn: string };
    const done = await local.wait(executionArn);
    expect(JSON.parse(done.input)).toEqual({
      schedule: 'sample-hourly',
      scheduledTime: '2026-01-01T00:00:00Z',
    });
  });

  it('refuses to start with a Task state no function handles (it would call real Lambda)', () => {
    expect(() =>
      createLocalStepFunctions(
        {
          sample: {
            definition,
            description: '',
            tasks: { Work: 'worker' },
            triggers: [],
            timeoutSeconds: 60,
          },
        },
        new Map([['worker', fn('worker', async () => ({}))]]),
        { root: ROOT, region: 'us-east-1', prefix: 'test' },
      ),
    ).toThrow(/Task state Recover is mapped to no function/);
  });
});
