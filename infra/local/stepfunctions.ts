import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineSpec } from '../../functions/manifest.ts';
import type { JsonOperation } from './aws-api.ts';
import { type HistoryEvent, historyEventOf, historyStore } from './execution-history.ts';
import { functionByArn, invoke, type LocalFunction } from './lambda.ts';
import type { Schedule } from './scheduler.ts';
import { localSettings } from './settings.ts';

/**
 * The local Step Functions: each manifest state machine's ASL run by aws-local-stepfunctions, its
 * Task states mapped by name to the manifest functions, behind the Step Functions JSON API operations
 * the functions call (StartExecution, DescribeExecution, ListExecutions, StopExecution), so handlers
 * use the real @aws-sdk/client-sfn exactly as they do in AWS.
 *
 * Besides the manifest's machines, state machines can be created through the API (CreateStateMachine,
 * DescribeStateMachine, DeleteStateMachine): workflows' published versions. Their definitions persist
 * under `machinesDir` and are registered again at start; each Task state runs the local function named
 * at the end of its `Resource` ARN (`…:function:firefly-local-workflow-step` → `workflow-step`).
 *
 * Like AWS, every task's input and output crosses as JSON (undefined fields vanish) and is held to
 * Step Functions' 256 KB payload limit. Executions are kept in memory for this process's life; what the
 * console must show after a restart, the state machines' own tasks record in the views table.
 */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  done: Promise<void>;
  abort: () => void;
  /** Its history as GetExecutionHistory gives it. */
  history: HistoryEvent[];
  /** Found unfinished after a restart of the local cloud: the engine lost it mid-run. */
  interrupted?: boolean;
}

/** Step Functions' limit on a state's input or output. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

class ApiError extends Error {
  readonly statusCode = 400;
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Terminal in AWS: neither States.ALL nor a retrier matches it; the local engine honours these flags. */
class DataLimitExceeded extends Error {
  override name = 'States.DataLimitExceeded';
  readonly isCatchable = false;
  readonly isRetryable = false;
}

type Asl = { States?: Record<string, AslState>; TimeoutSeconds?: number };
type AslState = {
  Type?: string;
  Resource?: string;
  Retry?: unknown[];
  Branches?: Asl[];
  Iterator?: Asl;
  ItemProcessor?: Asl;
};

/** Every state with a Retry field, for overriding its pauses. */
const retryingStates = (asl: Asl): string[] =>
  Object.entries(asl.States ?? {}).flatMap(([name, state]) => [
    ...(state.Retry?.length ? [name] : []),
    ...(state.Branches ?? []).flatMap(retryingStates),
    ...[state.Iterator, state.ItemProcessor].flatMap((inner) => (inner ? retryingStates(inner) : [])),
  ]);

/** Every Wait state name, including those inside Parallel branches and Map iterators. */
const waitStates = (asl: Asl): string[] =>
  Object.entries(asl.States ?? {}).flatMap(([name, state]) => [
    ...(state.Type === 'Wait' ? [name] : []),
    ...(state.Branches ?? []).flatMap(waitStates),
    ...[state.Iterator, state.ItemProcessor].flatMap((inner) => (inner ? waitStates(inner) : [])),
  ]);

/** Every Task state name, including those inside Parallel branches and Map iterators. */
export const taskStates = (asl: Asl): string[] =>
  Object.entries(asl.States ?? {}).flatMap(([name, state]) => [
    ...(state.Type === 'Task' ? [name] : []),
    ...(state.Branches ?? []).flatMap(taskStates),
    ...[state.Iterator, state.ItemProcessor].flatMap((inner) => (inner ? taskStates(inner) : [])),
  ]);

/** Every Task state with its Resource, including those inside Parallel branches and Map iterators. */
const taskResources = (asl: Asl): [string, string][] =>
  Object.entries(asl.States ?? {}).flatMap(([name, state]): [string, string][] => [
    ...(state.Type === 'Task' ? [[name, state.Resource ?? ''] as [string, string]] : []),
    ...(state.Branches ?? []).flatMap(taskResources),
    ...[state.Iterator, state.ItemProcessor].flatMap((inner) => (inner ? taskResources(inner) : [])),
  ]);

const asJson = (value: unknown, where: string): unknown => {
  const text = JSON.stringify(value ?? null);
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new DataLimitExceeded(`${where} is ${Buffer.byteLength(text)} bytes, over the 256 KB limit`);
  }
  return JSON.parse(text);
};

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

type Handlers = NonNullable<
  NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>['taskResourceLocalHandlers']
>;

export interface LocalStepFunctionsOptions {
  root: string;
  region: string;
  account?: string;
  /** Deployed names are `<prefix>-<name>`, as the CDK app names them. */
  prefix: string;
  /**
   * Pause between retries in every Retry field, instead of the definition's; tests set 0 so fault
   * paths run quickly. Defaults to LOCAL_SFN_RETRY_INTERVAL_MS, else the definitions' own intervals.
   */
  retryIntervalMs?: number;
  /**
   * How long every Wait state pauses, in milliseconds, instead of its definition's duration or date:
   * tests set it so a workflow that waits days runs at once. Defaults to LOCAL_SFN_WAIT_MS, else the
   * definitions' own waits.
   */
  waitMs?: number;
  /** Called once each execution ends, whatever its status (AWS: the execution status change event). */
  onExecutionEnded?: (execution: Execution) => void;
  /** Where executions and their histories are kept across restarts; absent: in memory only. */
  historyDir?: string;
  /** Where state machines created through the API keep their definitions (absent: in memory only). */
  machinesDir?: string;
}

/** A state machine created through the API, as kept on disk. */
interface StoredMachine {
  name: string;
  definition: string;
  roleArn: string;
  createdAt: string;
}

interface Machine {
  /** The manifest name (`backup`), or the created machine's own name. */
  name: string;
  /** Its deployed name: `<prefix>-<name>` for the manifest's, as given for created ones. */
  fullName: string;
  definition: string;
  roleArn: string;
  createdAt: Date;
  spec?: StateMachineSpec;
  created: boolean;
  machine: StateMachine;
  handlers: Handlers;
  retryIntervals?: Record<string, number>;
  waits?: Record<string, number>;
}

export const createLocalStepFunctions = (
  specs: Record<string, StateMachineSpec>,
  functions: ReadonlyMap<string, LocalFunction>,
  options: LocalStepFunctionsOptions,
) => {
  const account = options.account ?? '000000000000';
  const arnOf = (name: string) =>
    `arn:aws:states:${options.region}:${account}:stateMachine:${options.prefix}-${name}`;
  const machines = new Map<string, Machine>();
  const createdArnOf = (name: string) => `arn:aws:states:${options.region}:${account}:stateMachine:${name}`;
  const retryIntervalMs = options.retryIntervalMs ?? localSettings.stepFunctionsRetryIntervalMs;
  const retryIntervalsOf = (asl: Asl) =>
    retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(retryingStates(asl).map((state) => [state, retryIntervalMs]));
  const waitMs = options.waitMs ?? localSettings.stepFunctionsWaitMs;
  const waitsOf = (asl: Asl) =>
    waitMs === undefined ? undefined : Object.fromEntries(waitStates(asl).map((state) => [state, waitMs]));
  const engineOf = (asl: Asl) =>
    new StateMachine(asl as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { checkArn: true, checkPaths: true },
    });
  for (const [name, spec] of Object.entries(specs)) {
    const path = isAbsolute(spec.definition) ? spec.definition : join(options.root, spec.definition);
    const asl = JSON.parse(readFileSync(path, 'utf8')) as Asl;
    const handlers: Handlers = {};
    for (const state of taskStates(asl)) {
      const functionName = spec.tasks[state];
      // A Task without a local handler would try to call real Lambda: refuse to start instead.
      if (!functionName)
        throw new Error(`State machine ${name}: Task state ${state} is mapped to no function`);
      const fn = functions.get(functionName);
      if (!fn) throw new Error(`State machine ${name}: ${state} names unknown function ${functionName}`);
      handlers[state] = async (input) =>
        asJson(await invoke(fn, asJson(input, `The input of ${state}`)), `The output of ${state}`) as Awaited<
          ReturnType<Handlers[string]>
        >;
    }
    const unused = Object.keys(spec.tasks).filter((state) => !handlers[state]);
    if (unused.length) throw new Error(`State machine ${name}: no Task states named ${unused.join(', ')}`);
    machines.set(arnOf(name), {
      name,
      fullName: `${options.prefix}-${name}`,
      definition: JSON.stringify(asl),
      roleArn: `arn:aws:iam::${account}:role/${options.prefix}-${name}`,
      createdAt: new Date(),
      spec,
      created: false,
      machine: engineOf(asl),
      handlers,
      retryIntervals: retryIntervalsOf(asl),
      waits: waitsOf(asl),
    });
  }

  /** Looked up at each call, so a machine created before its function existed works once it does. */
  const functionOf = (resource: string) => functionByArn(functions, resource);

  const register = (stored: StoredMachine): Machine => {
    const asl = JSON.parse(stored.definition) as Asl;
    const handlers: Handlers = {};
    for (const [state, resource] of taskResources(asl)) {
      handlers[state] = async (input) => {
        const fn = functionOf(resource);
        if (!fn) {
          const error = new Error(`Function not found: ${resource}`);
          error.name = 'Lambda.ResourceNotFoundException';
          throw error;
        }
        return asJson(
          await invoke(fn, asJson(input, `The input of ${state}`)),
          `The output of ${state}`,
        ) as Awaited<ReturnType<Handlers[string]>>;
      };
    }
    const machine: Machine = {
      name: stored.name,
      fullName: stored.name,
      definition: stored.definition,
      roleArn: stored.roleArn,
      createdAt: new Date(stored.createdAt),
      created: true,
      machine: engineOf(asl),
      handlers,
      retryIntervals: retryIntervalsOf(asl),
      waits: waitsOf(asl),
    };
    machines.set(createdArnOf(stored.name), machine);
    return machine;
  };

  if (options.machinesDir) {
    mkdirSync(options.machinesDir, { recursive: true });
    for (const file of readdirSync(options.machinesDir).filter((f) => f.endsWith('.json')))
      register(JSON.parse(readFileSync(join(options.machinesDir, file), 'utf8')) as StoredMachine);
  }

  const machineFile = (name: string) =>
    options.machinesDir ? join(options.machinesDir, `${name}.json`) : undefined;

  const executions = new Map<string, Execution>();
  const store = historyStore(options.historyDir);
  // What a previous run of the local cloud recorded: ended executions as they ended, and those it was
  // running when it stopped as aborted and `interrupted` (nothing resumes them; their runs are ended so).
  for (const stored of store.load()) {
    const { execution: e, end } = stored;
    const history = [...stored.events];
    const stopDate = end ? new Date(end.stopDate) : new Date();
    const lost = { error: 'Local.Interrupted', cause: 'The local cloud stopped during the execution' };
    if (!end) {
      const id = history.length + 1;
      history.push({
        id,
        previousEventId: id - 1,
        timestamp: stopDate.getTime() / 1000,
        type: 'ExecutionAborted',
      });
      store.event(e.executionArn, history.at(-1)!);
      store.ended(e.executionArn, { status: 'ABORTED', stopDate: stopDate.getTime(), ...lost });
    }
    executions.set(e.executionArn, {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: end?.status ?? 'ABORTED',
      startDate: new Date(e.startDate),
      stopDate,
      input: e.input,
      ...(end?.output !== undefined ? { output: end.output } : {}),
      ...(end ? { error: end.error, cause: end.cause } : lost),
      done: Promise.resolve(),
      abort: () => undefined,
      history,
      ...(end ? {} : { interrupted: true }),
    });
  }

  const start = (stateMachineArn: string, input: unknown, name?: string): Execution => {
    const machine = machines.get(stateMachineArn);
    if (!machine)
      throw new ApiError('StateMachineDoesNotExist', `State machine does not exist: ${stateMachineArn}`);
    const executionName = name ?? crypto.randomUUID();
    if (!NAME.test(executionName))
      throw new ApiError('InvalidName', `Invalid execution name ${executionName}`);
    const executionArn = `arn:aws:states:${options.region}:${account}:execution:${machine.fullName}:${executionName}`;
    const inputText = JSON.stringify(input ?? {});
    const existing = executions.get(executionArn);
    if (existing) {
      // AWS: the same name and input while running is idempotent; anything else is refused.
      if (existing.status === 'RUNNING' && existing.input === inputText) return existing;
      throw new ApiError('ExecutionAlreadyExists', `Execution already exists: ${executionArn}`);
    }
    const startDate = new Date();
    const run = machine.machine.run(JSON.parse(inputText), {
      overrides: {
        taskResourceLocalHandlers: machine.handlers,
        retryIntervalOverrides: machine.retryIntervals,
        waitTimeOverrides: machine.waits,
      },
      context: {
        Execution: {
          Id: executionArn,
          Name: executionName,
          Input: JSON.parse(inputText),
          StartTime: startDate.toISOString(),
          RoleArn: machine.roleArn,
        },
        StateMachine: { Id: stateMachineArn, Name: machine.fullName },
      },
    });
    const execution: Execution = {
      executionArn,
      stateMachineArn,
      name: executionName,
      status: 'RUNNING',
      startDate,
      input: inputText,
      abort: run.abort,
      done: Promise.resolve(),
      history: [],
    };
    store.started({
      executionArn,
      stateMachineArn,
      name: executionName,
      startDate: startDate.getTime(),
      input: inputText,
    });
    // The engine's event log, kept as Step Functions' history (and on disk, so it survives a restart).
    const logged = (async () => {
      // A caught state has no exit in AWS's history (its error path is the next state entered); the local
      // engine logs one after the catch, which would read as the state succeeding.
      let caught: string | undefined;
      for await (const log of run.eventLogs) {
        const logged = log as { type: string; state?: { name?: string } };
        if (logged.type === 'StateCaught') caught = logged.state?.name;
        if (logged.type === 'StateExited' && caught !== undefined && logged.state?.name === caught) {
          caught = undefined;
          continue;
        }
        const event = historyEventOf(
          log as unknown as Parameters<typeof historyEventOf>[0],
          execution.history.length + 1,
        );
        if (!event) continue;
        execution.history.push(event);
        store.event(executionArn, event);
      }
    })().catch(() => undefined);
    const settled = run.result.then(
      (output: unknown) => {
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(output ?? null);
        execution.stopDate = new Date();
      },
      (error: Error) => {
        execution.stopDate = new Date();
        if (error.name === 'ExecutionAbortedError') {
          execution.status = 'ABORTED';
          return;
        }
        if (error.name === 'ExecutionTimeoutError') {
          execution.status = 'TIMED_OUT';
          execution.error = 'States.Timeout';
          return;
        }
        const cause = (error.cause as Error | undefined) ?? error;
        execution.status = 'FAILED';
        execution.error = cause.name;
        execution.cause = cause.message;
      },
    );
    execution.done = settled.then(async () => {
      await logged;
      store.ended(executionArn, {
        status: execution.status as Exclude<ExecutionStatus, 'RUNNING'>,
        stopDate: (execution.stopDate ?? new Date()).getTime(),
        ...(execution.output !== undefined ? { output: execution.output } : {}),
        ...(execution.error ? { error: execution.error } : {}),
        ...(execution.cause ? { cause: execution.cause } : {}),
      });
      options.onExecutionEnded?.(execution);
    });
    executions.set(executionArn, execution);
    return execution;
  };

  const find = (executionArn: unknown): Execution => {
    const execution = executions.get(String(executionArn));
    if (!execution) throw new ApiError('ExecutionDoesNotExist', `Execution does not exist: ${executionArn}`);
    return execution;
  };

  const seconds = (date: Date | undefined) => (date ? date.getTime() / 1000 : undefined);
  const summary = (e: Execution) => ({
    executionArn: e.executionArn,
    stateMachineArn: e.stateMachineArn,
    name: e.name,
    status: e.status,
    startDate: seconds(e.startDate),
    stopDate: seconds(e.stopDate),
  });

  const machineOf = (arn: unknown): Machine => {
    const machine = machines.get(String(arn));
    if (!machine) throw new ApiError('StateMachineDoesNotExist', `State machine does not exist: ${arn}`);
    return machine;
  };

  const operations: Record<string, JsonOperation> = {
    'AWSStepFunctions.CreateStateMachine': (input) => {
      const name = String(input.name ?? '');
      if (!NAME.test(name)) throw new ApiError('InvalidName', `Invalid state machine name ${name}`);
      const definition = String(input.definition ?? '');
      const roleArn = String(input.roleArn ?? '');
      const arn = createdArnOf(name);
      const existing = machines.get(arn);
      if (existing) {
        // AWS: creating the same machine again answers with it; anything else is refused.
        if (existing.definition === definition && existing.roleArn === roleArn)
          return { stateMachineArn: arn, creationDate: seconds(existing.createdAt) };
        throw new ApiError('StateMachineAlreadyExists', `State machine already exists: ${arn}`);
      }
      let stored: StoredMachine;
      try {
        stored = { name, definition, roleArn, createdAt: new Date().toISOString() };
        register(stored);
      } catch (error) {
        machines.delete(arn);
        throw new ApiError(
          'InvalidDefinition',
          `Invalid State Machine Definition: ${(error as Error).message}`,
        );
      }
      const file = machineFile(name);
      if (file) writeFileSync(file, JSON.stringify(stored));
      return { stateMachineArn: arn, creationDate: seconds(new Date(stored.createdAt)) };
    },
    'AWSStepFunctions.DescribeStateMachine': (input) => {
      const machine = machineOf(input.stateMachineArn);
      return {
        stateMachineArn: String(input.stateMachineArn),
        name: machine.fullName,
        status: 'ACTIVE',
        definition: machine.definition,
        roleArn: machine.roleArn,
        type: 'STANDARD',
        creationDate: seconds(machine.createdAt),
      };
    },
    'AWSStepFunctions.DeleteStateMachine': (input) => {
      const machine = machineOf(input.stateMachineArn);
      if (!machine.created)
        throw new ApiError('ValidationException', 'The manifest state machines are not deleted locally');
      machines.delete(String(input.stateMachineArn));
      const file = machineFile(machine.name);
      if (file) rmSync(file, { force: true });
      return {};
    },
    'AWSStepFunctions.StartExecution': (input) => {
      let parsed: unknown = {};
      try {
        parsed = input.input === undefined ? {} : JSON.parse(String(input.input));
      } catch {
        throw new ApiError('InvalidExecutionInput', 'The execution input is not valid JSON');
      }
      const execution = start(
        String(input.stateMachineArn),
        parsed,
        input.name === undefined ? undefined : String(input.name),
      );
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    'AWSStepFunctions.DescribeExecution': (input) => {
      const e = find(input.executionArn);
      return { ...summary(e), input: e.input, output: e.output, error: e.error, cause: e.cause };
    },
    'AWSStepFunctions.ListExecutions': (input) => {
      if (!machines.has(String(input.stateMachineArn))) {
        throw new ApiError(
          'StateMachineDoesNotExist',
          `State machine does not exist: ${input.stateMachineArn}`,
        );
      }
      const all = [...executions.values()]
        .filter((e) => e.stateMachineArn === input.stateMachineArn)
        .filter((e) => !input.statusFilter || e.status === input.statusFilter)
        .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
      const from = input.nextToken ? Number(input.nextToken) : 0;
      const size = Math.min(Number(input.maxResults) || 100, 1000);
      const page = all.slice(from, from + size);
      return {
        executions: page.map(summary),
        nextToken: from + size < all.length ? String(from + size) : undefined,
      };
    },
    'AWSStepFunctions.GetExecutionHistory': (input) => {
      const e = find(input.executionArn);
      const events = input.reverseOrder ? [...e.history].reverse() : e.history;
      const from = input.nextToken ? Number(input.nextToken) : 0;
      const size = Math.min(Number(input.maxResults) || 100, 1000);
      return {
        events: events.slice(from, from + size),
        nextToken: from + size < events.length ? String(from + size) : undefined,
      };
    },
    'AWSStepFunctions.StopExecution': (input) => {
      const e = find(input.executionArn);
      if (e.status === 'RUNNING') e.abort();
      return { stopDate: seconds(new Date()) };
    },
  };

  /** What the local scheduler runs for a state machine's schedule: StartExecution, as Scheduler does. */
  const schedules: Schedule[] = [...machines].flatMap(([arn, { name, spec }]) =>
    (spec?.triggers ?? []).map((trigger) => ({
      name: trigger.name,
      expression: trigger.expression,
      target: {
        name: `${name}-schedule`,
        spec: {
          entry: spec!.definition,
          description: `Starts ${name}`,
          memoryMb: 128,
          timeoutSeconds: 10,
          triggers: [],
          access: {},
        },
        handler: async (event: unknown) => {
          const execution = start(arn, event);
          return { executionArn: execution.executionArn };
        },
      },
    })),
  );

  return {
    arnOf,
    operations,
    schedules,
    start,
    /** Waits for an execution to end and returns it. */
    wait: async (executionArn: string) => {
      const execution = find(executionArn);
      await execution.done;
      return execution;
    },
    /** An execution as the engine knows it, or undefined (e.g. a previous run's, without a history dir). */
    describe: (executionArn: string): Execution | undefined => executions.get(executionArn),
    /** Waits until no execution is running. */
    idle: async () => {
      for (;;) {
        const running = [...executions.values()].filter((e) => e.status === 'RUNNING');
        if (running.length === 0) return;
        await Promise.all(running.map((e) => e.done));
      }
    },
    stop: async () => {
      for (const e of executions.values()) if (e.status === 'RUNNING') e.abort();
      await Promise.all([...executions.values()].map((e) => e.done));
    },
  };
};

export type LocalStepFunctions = ReturnType<typeof createLocalStepFunctions>;
