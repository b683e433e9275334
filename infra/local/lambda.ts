import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../functions/manifest.ts';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalFunction {
  name: string;
  spec: FunctionSpec;
  handler: Handler;
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Imports each function's handler module: the same entry the CDK app bundles. */
export const loadFunctions = async (
  functions: Record<string, FunctionSpec>,
): Promise<Map<string, LocalFunction>> => {
  const loaded = await Promise.all(
    Object.entries(functions).map(async ([name, spec]) => {
      const module = (await import(resolve(ROOT, spec.entry))) as { handler?: Handler };
      if (typeof module.handler !== 'function') throw new Error(`${spec.entry} exports no handler`);
      return [name, { name, spec, handler: module.handler }] as const;
    }),
  );
  return new Map(loaded);
};

const contextFor = (fn: LocalFunction, deadline: number): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: fn.name,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${fn.name}`,
  memoryLimitInMB: String(fn.spec.memoryMb),
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${fn.name}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

/** What the local cloud's telemetry wants to know of each invocation (infra/local/telemetry.ts). */
export interface InvocationObserver {
  scoped: <T>(invocation: { fn: string; requestId: string }, work: () => Promise<T>) => Promise<T>;
  invocation: (record: { fn: string; durationMs: number; error: boolean; coldStart: boolean }) => void;
}

let observer: InvocationObserver | undefined;
/** Functions already invoked once in this process: the next invocation of one is warm. */
const warm = new Set<string>();
export const observeInvocations = (next: InvocationObserver | undefined) => {
  observer = next;
};

/** Invokes a handler as Lambda would: with a context, and failing once the function's timeout passes. */
export const invoke = async (fn: LocalFunction, event: unknown): Promise<unknown> => {
  const timeoutMs = fn.spec.timeoutSeconds * 1000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FunctionTimeoutError(`${fn.name} timed out after ${fn.spec.timeoutSeconds}s`)),
      timeoutMs,
    );
  });
  const context = contextFor(fn, Date.now() + timeoutMs);
  const watching = observer;
  const started = performance.now();
  let error = false;
  try {
    const run = () => Promise.race([fn.handler(event, context), timeout]);
    return await (watching ? watching.scoped({ fn: fn.name, requestId: context.awsRequestId }, run) : run());
  } catch (thrown) {
    error = true;
    throw thrown;
  } finally {
    clearTimeout(timer);
    if (watching) {
      const coldStart = !warm.has(fn.name);
      warm.add(fn.name);
      watching.invocation({ fn: fn.name, durationMs: performance.now() - started, error, coldStart });
    }
  }
};

/** A bound on concurrent executions of one function, as reserved concurrency gives in AWS. */
export const limiter = (concurrency: number) => {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
};

/**
 * The local function an ARN names: the manifest function whose name ends the ARN's function name
 * (deployed names carry a stage prefix: `…:function:firefly-local-workflow-step` → `workflow-step`).
 */
export const functionByArn = (
  functions: ReadonlyMap<string, LocalFunction>,
  arn: string,
): LocalFunction | undefined => {
  const name = /:function:([^:]+)/.exec(arn)?.[1];
  if (!name) return undefined;
  const candidates = [...functions.keys()].filter((f) => name === f || name.endsWith(`-${f}`));
  const best = candidates.toSorted((a, b) => b.length - a.length)[0];
  return best ? functions.get(best) : undefined;
};
