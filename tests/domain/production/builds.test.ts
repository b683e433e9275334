import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelState } from '../../../domain/catalog/models.ts';
import { BUILD_STAGES, type BuildCommand, buildDecider } from '../../../domain/production/builds.ts';
import type { OrderState } from '../../../domain/sales/orders.ts';
import { evolveAll, replay, settled } from '../helpers.ts';

const model: ModelState = {
  exists: true,
  modelId: 'm',
  name: 'Nest 20',
  basePriceCents: 100,
  options: [
    {
      code: 'solar',
      name: 'Solar',
      priceCents: 10,
      kind: 'option',
      materials: [{ itemId: 'battery', quantity: 2 }],
    },
  ],
  sizeSqFt: 160,
  sleeps: 2,
  mount: 'trailer',
  materials: [{ itemId: 'lumber', quantity: 8 }],
  retired: false,
};
const order = (stage: 'quote' | 'deposit_paid'): OrderState => ({
  exists: true,
  orderId: 'o1',
  customerId: 'c',
  modelId: 'm',
  modelName: 'Nest 20',
  options: [{ code: 'solar', name: 'Solar', priceCents: 10 }],
  quoteId: null,
  feesCents: 0,
  discountCents: 0,
  totalCents: 110,
  paidCents: 20,
  refundedCents: 0,
  payments: [],
  refunds: [],
  stage,
});
const schedule: BuildCommand = {
  type: 'ScheduleBuild',
  buildId: 'o1',
  order: order('deposit_paid'),
  model,
  bay: 'Bay 1',
  startOn: '2026-03-02',
  dueOn: '2026-04-06',
};
const stagesFrom = (on: string[]): BuildCommand[] =>
  BUILD_STAGES.map((stage, i) => ({ type: 'CompleteStage', stage, on: on[i]! }));

describe('builds', () => {
  it('books a slot with the bill of materials of the model and the order’s options', () => {
    const build = settled(buildDecider, [schedule]);
    expect(build).toMatchObject({
      status: 'scheduled',
      materials: [
        { itemId: 'battery', quantity: 2 },
        { itemId: 'lumber', quantity: 8 },
      ],
    });
  });

  it('needs a paid deposit and a due date after the start', () => {
    expect(replay(buildDecider, [{ ...schedule, order: order('quote') } as BuildCommand]).refused).toEqual([
      'deposit-required',
    ]);
    expect(replay(buildDecider, [{ ...schedule, dueOn: '2026-03-01' } as BuildCommand]).refused).toEqual([
      'invalid-slot',
    ]);
  });

  it('goes through framing, systems, finish and inspection in order; inspection completes it', () => {
    const { state, events, refused } = replay(buildDecider, [
      schedule,
      { type: 'CompleteStage', stage: 'framing', on: '2026-03-03' },
      { type: 'StartProduction', on: '2026-03-02' },
      { type: 'CompleteStage', stage: 'systems', on: '2026-03-10' },
      ...stagesFrom(['2026-03-10', '2026-03-20', '2026-03-30', '2026-04-02']),
    ]);
    expect(refused).toEqual(['invalid-status', 'wrong-stage']);
    expect(events.at(-1)).toEqual({
      type: 'ProductionCompleted',
      data: { buildId: 'o1', orderId: 'o1', on: '2026-04-02', late: false },
    });
    expect(state).toMatchObject({ status: 'complete', stage: null, completedOn: '2026-04-02' });
  });

  it('is late against the date first promised, however the due date moved', () => {
    const build = settled(buildDecider, [
      schedule,
      { type: 'StartProduction', on: '2026-03-02' },
      { type: 'DelayBuild', reason: 'weather', days: 10, note: 'Snow' },
      ...stagesFrom(['2026-03-12', '2026-03-22', '2026-04-01', '2026-04-10']),
    ]);
    expect(build).toMatchObject({
      dueOn: '2026-04-16',
      originalDueOn: '2026-04-06',
      delayDays: 10,
      late: true,
    });
  });

  const command: fc.Arbitrary<BuildCommand> = fc.oneof(
    fc.constant(schedule),
    fc.constant<BuildCommand>({ type: 'StartProduction', on: '2026-03-02' }),
    fc
      .tuple(fc.constantFrom(...BUILD_STAGES), fc.integer({ min: 0, max: 60 }))
      .map<BuildCommand>(([stage, day]) => ({
        type: 'CompleteStage',
        stage,
        on: `2026-03-${String((day % 28) + 1).padStart(2, '0')}`,
      })),
    fc
      .integer({ min: 1, max: 20 })
      .map<BuildCommand>((days) => ({ type: 'DelayBuild', reason: 'labor', days })),
    fc.constant<BuildCommand>({ type: 'CancelBuild', reason: 'r' }),
  );

  it('completes only after every stage in order, whatever the commands', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const { state, events } = replay(buildDecider, commands);
        const stages = events.flatMap((e) => (e.type === 'BuildStageCompleted' ? [e.data.stage] : []));
        expect(stages).toEqual(BUILD_STAGES.slice(0, stages.length));
        if (state.exists && state.status === 'complete') {
          expect(stages).toEqual([...BUILD_STAGES]);
          expect(state.startedOn! <= state.completedOn!).toBe(true);
        }
        if (state.exists) expect(state.delayDays).toBe(state.delays.reduce((s, d) => s + d.days, 0));
        expect(evolveAll(buildDecider, events)).toEqual(state);
      }),
    );
  });
});
