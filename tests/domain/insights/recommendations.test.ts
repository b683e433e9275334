import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../domain/insights/candidate.ts';
import { measure, roiSummary } from '../../../domain/insights/measure.ts';
import {
  availableRecommendationActions,
  dueForMeasurement,
  type RecommendationCommand,
  type RecommendationState,
  recommendationDecider,
  toPropose,
} from '../../../domain/insights/recommendations.ts';
import type { DomainError } from '../../../domain/shared/decider.ts';
import { replay, settled } from '../helpers.ts';

const candidate = (key: string, over: Partial<Candidate> = {}): Candidate => ({
  category: 'inventory',
  kind: 'reorder',
  key,
  subject: { kind: 'item', id: 'lumber', name: 'Framing lumber' },
  title: 'Order 110 bundles of Framing lumber',
  reason: 'At the reorder point',
  evidence: { figures: [{ label: 'On hand', value: 40, unit: 'units' }] },
  confidence: { value: 0.7, samples: 20, method: 'backtest' },
  estimatedValue: { cents: 500_000, lo: 100_000, hi: 900_000 },
  urgency: 1,
  priority: 3500,
  horizonDays: 21,
  baseline: { position: 40, safetyStock: 15, marginPerUnitCents: 10_000 },
  ...over,
});

const propose: RecommendationCommand = {
  type: 'ProposeRecommendation',
  recommendationId: 'r1',
  runId: 'run1',
  proposedOn: '2026-01-01',
  ...candidate('reorder:lumber'),
};
const accept: RecommendationCommand = { type: 'AcceptRecommendation', by: 'manager@x', on: '2026-01-02' };
const implement: RecommendationCommand = {
  type: 'ImplementRecommendation',
  by: 'manager@x',
  link: { kind: 'purchaseOrder', id: 'po-1' },
  on: '2026-01-02',
};
const measured = (on: string): RecommendationCommand => ({
  type: 'MeasureRecommendation',
  on,
  realisedCents: 100,
  counterfactualCents: 100,
  predictionHeld: true,
  detail: 'held',
});
const ctx = { today: '2026-01-03', by: 'u' };

describe('the recommendation lifecycle', () => {
  it('goes proposed → accepted → implemented → measured after its horizon', () => {
    const state = settled(recommendationDecider, [propose, accept, implement, measured('2026-01-22')]);
    expect(state).toMatchObject({
      status: 'measured',
      measuredFrom: 'implemented',
      measureOn: '2026-01-22',
      link: { kind: 'purchaseOrder', id: 'po-1' },
      realisedCents: 100,
    });
  });

  it('refuses transitions the lifecycle does not have, with 409s and 422s', () => {
    const codes = (commands: RecommendationCommand[]) => replay(recommendationDecider, commands).refused;
    expect(codes([propose, implement])).toEqual(['invalid-transition']);
    expect(codes([propose, accept, accept])).toEqual(['invalid-transition']);
    expect(codes([propose, propose])).toEqual(['recommendation-exists']);
    expect(
      codes([propose, { type: 'DismissRecommendation', by: 'u', reason: '  ', on: '2026-01-02' }]),
    ).toEqual(['reason-required']);
    expect(
      codes([propose, accept, { ...implement, link: { kind: 'campaign' } } as RecommendationCommand]),
    ).toEqual(['invalid-link']);
    expect(codes([propose, measured('2026-01-21')])).toEqual(['horizon-not-reached']);
    expect(codes([propose, measured('2026-01-22'), measured('2026-01-23')])).toEqual(['invalid-transition']);
    expect(codes([accept])).toEqual(['recommendation-not-found']);
    try {
      recommendationDecider.decide(accept, settled(recommendationDecider, [propose, accept]));
    } catch (error) {
      expect((error as DomainError).status).toBe(409);
    }
  });

  it('offers the actions the state allows', () => {
    const proposed = settled(recommendationDecider, [propose]);
    expect(availableRecommendationActions(proposed, ctx)).toEqual(['accept', 'dismiss']);
    const accepted = settled(recommendationDecider, [propose, accept]);
    expect(availableRecommendationActions(accepted, ctx)).toEqual(['dismiss', 'implement']);
    const done = settled(recommendationDecider, [propose, accept, implement]);
    expect(availableRecommendationActions(done, ctx)).toEqual([]);
  });
});

describe('proposing', () => {
  it('never proposes a key that an open recommendation has, nor one key twice', () => {
    const { propose: out, skipped } = toPropose(
      [candidate('a'), candidate('b'), candidate('a'), candidate('c')],
      [
        { key: 'b', status: 'accepted' },
        { key: 'c', status: 'measured' },
        { key: 'c', status: 'dismissed' },
      ],
    );
    expect(out.map((c) => c.key)).toEqual(['a', 'c']);
    expect(skipped.map((c) => c.key)).toEqual(['b', 'a']);
  });

  it('measures only what is past its horizon and not measured yet', () => {
    const due = dueForMeasurement(
      [
        { id: 1, status: 'implemented' as const, measureOn: '2026-01-10' },
        { id: 2, status: 'proposed' as const, measureOn: '2026-01-12' },
        { id: 3, status: 'measured' as const, measureOn: '2026-01-01' },
      ],
      '2026-01-10',
    );
    expect(due.map((d) => d.id)).toEqual([1]);
  });
});

describe('measuring', () => {
  const rec = (commands: RecommendationCommand[]) =>
    settled(recommendationDecider, commands) as Extract<RecommendationState, { exists: true }>;

  it('values a reorder by the units the history shows would have been short', () => {
    const done = rec([propose, accept, implement]);
    expect(measure(done, { kind: 'reorder', consumed: 55 })).toMatchObject({
      counterfactualCents: 150_000,
      realisedCents: 150_000,
      predictionHeld: true,
    });
    expect(measure(rec([propose]), { kind: 'reorder', consumed: 55 })).toMatchObject({ realisedCents: 0 });
    // It claimed the stock would go into its safety stock (below 40 − 15) without the order.
    expect(measure(done, { kind: 'reorder', consumed: 30 })).toMatchObject({
      counterfactualCents: 0,
      predictionHeld: true,
    });
    expect(measure(done, { kind: 'reorder', consumed: 20 })).toMatchObject({
      counterfactualCents: 0,
      predictionHeld: false,
    });
  });

  it('sums realised value of implemented ones and compares claimed with observed confidence', () => {
    const a = rec([propose, accept, implement, measured('2026-01-22')]);
    const b = rec([
      { ...propose, recommendationId: 'r2' } as RecommendationCommand,
      {
        type: 'MeasureRecommendation',
        on: '2026-01-30',
        realisedCents: 0,
        counterfactualCents: 700,
        predictionHeld: false,
        detail: 'did not hold',
      },
    ]);
    const roi = roiSummary([a, b]);
    expect(roi.realisedCents).toBe(100);
    expect(roi.missedCents).toBe(700);
    expect(roi.calibration.find((c) => c.from === 0.7)).toMatchObject({
      measured: 2,
      claimed: 0.7,
      observed: 0.5,
    });
  });
});
