import type { WorkflowDefinition } from '../../events/contexts/workflows.ts';
import { compileChecked } from '../../functions/workflows/asl.ts';
import { definition } from '../domain/workflows/sample.ts';
import { type Api, type Json, signedIn, startTestCloud, type TestCloud } from '../support/cloud.ts';
import { percentile, round } from './support.ts';

/**
 * Workflows (called by `npm run bench`, or `npx tsx tests/bench/workflows.ts`), on the in-process local
 * cloud with its local Step Functions:
 * - compile + publish: the compiler and asl-validator alone, and `POST …/publish` end to end (validate,
 *   compile, check, CreateStateMachine, commit);
 * - event-to-run latency: a customer registered through the API, one at a time; from the trigger
 *   event's time to the run recorded (WorkflowRunStarted) and to its first step entered;
 * - a burst: 200 customers registered at once (16 writers) must give 200 runs, none lost, none doubled.
 */
const quick = process.env.BENCH_QUICK === '1';

/** Six steps of several kinds: what a typical business workflow holds. */
const typical = (trigger: WorkflowDefinition['trigger']): WorkflowDefinition =>
  definition(
    [
      {
        id: 'find',
        kind: 'lookup',
        record: 'customer',
        recordId: { path: '$.trigger.data.customerId' },
        as: 'buyer',
        next: 'vip',
      },
      {
        id: 'vip',
        kind: 'condition',
        when: { field: '$.vars.buyer.email', op: 'exists' },
        ifTrue: 'mark',
        ifFalse: 'note',
      },
      { id: 'mark', kind: 'set', vars: { greeted: { value: true } }, next: 'note' },
      { id: 'note', kind: 'set', vars: { seen: { value: true } } },
    ],
    trigger,
  );

const sorted = (values: number[]) => values.toSorted((a, b) => a - b);
const stats = (values: number[]) => {
  const s = sorted(values);
  return {
    n: s.length,
    p50: round(percentile(s, 50)),
    p95: round(percentile(s, 95)),
    max: round(s.at(-1) ?? 0),
  };
};

const quiet = async (cloud: TestCloud) => {
  for (let i = 0; i < 4; i++) {
    await cloud.settle();
    await cloud.stepFunctions.idle();
  }
  await cloud.settle();
};

const allRuns = async (api: Api, workflowId: string): Promise<Json[]> => {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<{ items: Json[]; nextCursor?: string }>(
      `/api/workflows/${workflowId}/runs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
};

export const benchWorkflows = async (): Promise<Record<string, unknown>> => {
  const publishes = quick ? 5 : 20;
  const singles = quick ? 10 : 50;
  const burst = quick ? 50 : 200;

  // The compiler and its check alone, on the typical definition.
  const compileMs: number[] = [];
  const sample = typical({ kind: 'event', eventType: 'CustomerRegistered' });
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await compileChecked(
      sample,
      'arn:aws:lambda:us-east-1:000000000000:function:firefly-bench-workflow-step',
    );
    compileMs.push(performance.now() - t);
  }

  const cloud = await startTestCloud({ logLevel: 'ERROR' });
  try {
    const manager = await signedIn(cloud, 'manager');
    const owner = await signedIn(cloud, 'owner');
    const publish = async (name: string, body: WorkflowDefinition) => {
      const draft = (await manager.post<Json>('/api/workflows', { name, definition: body })).body;
      const t = performance.now();
      const res = await manager.post(
        `/api/workflows/${draft.id}/publish`,
        { permissions: [] },
        {
          'if-match': String(draft.etag ?? `"${draft.version}"`),
        },
      );
      const ms = performance.now() - t;
      if (res.status !== 200) throw new Error(`publish answered ${res.status}: ${JSON.stringify(res.body)}`);
      return { id: String(draft.id), ms };
    };

    const publishMs: number[] = [];
    for (let i = 0; i < publishes; i++)
      publishMs.push((await publish(`Bench publish ${i}`, typical({ kind: 'manual' }))).ms);

    // Event-to-run latency, one trigger at a time.
    const watched = await publish(
      'Bench latency',
      typical({ kind: 'event', eventType: 'CustomerRegistered' }),
    );
    await cloud.settle();
    for (let i = 0; i < singles; i++) {
      await owner.post('/api/customers', { name: `Latency ${i}`, email: `latency-${i}@example.com` });
      await quiet(cloud);
    }
    const toRecorded: number[] = [];
    const toFirstStep: number[] = [];
    for (const run of await allRuns(manager, watched.id)) {
      const detail = (await manager.get<Json>(`/api/workflow-runs/${run.id}`)).body;
      const occurredAt = Date.parse(
        String((detail.input as { trigger: { occurredAt: string } }).trigger.occurredAt),
      );
      toRecorded.push(Date.parse(String(detail.createdAt)) - occurredAt);
      const first = (detail.steps as { enteredAt: string }[])[0];
      if (first) toFirstStep.push(Date.parse(first.enteredAt) - occurredAt);
    }

    // A burst: every trigger starts exactly one run.
    const pause = await manager.get<Json>(`/api/workflows/${watched.id}`);
    await manager.post(`/api/workflows/${watched.id}/pause`, {}, { 'if-match': String(pause.body.etag) });
    const burstFlow = await publish(
      'Bench burst',
      typical({ kind: 'event', eventType: 'CustomerRegistered' }),
    );
    await cloud.settle();
    const started = performance.now();
    let next = 0;
    const writer = async () => {
      while (next < burst) {
        const i = next++;
        await owner.post('/api/customers', { name: `Burst ${i}`, email: `burst-${i}@example.com` });
      }
    };
    await Promise.all(Array.from({ length: 16 }, writer));
    const written = performance.now();
    let runs: Json[] = [];
    for (let pass = 0; pass < 300; pass++) {
      await quiet(cloud);
      runs = await allRuns(manager, burstFlow.id);
      if (runs.length >= burst && runs.every((r) => r.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const settled = performance.now();
    const events = runs.map((r) => (r.trigger as { eventId?: string }).eventId);
    const distinct = new Set(events).size;
    return {
      compileAndCheckMs: stats(compileMs),
      publishMs: stats(publishMs),
      eventToRunRecordedMs: stats(toRecorded),
      eventToFirstStepMs: stats(toFirstStep),
      burst: {
        triggers: burst,
        runs: runs.length,
        lost: burst - distinct,
        doubled: runs.length - distinct,
        succeeded: runs.filter((r) => r.status === 'succeeded').length,
        writeSeconds: round((written - started) / 1000),
        allRunsEndedSeconds: round((settled - started) / 1000),
      },
    };
  } finally {
    await cloud.stop();
  }
};

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchWorkflows(), null, 2));
  process.exit(0);
}
