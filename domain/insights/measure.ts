import { dollars } from './candidate.ts';
import type { RecommendationState } from './recommendations.ts';
import { round2 } from './stats.ts';

/**
 * Measuring a recommendation after its horizon: what the history since its proposal shows it was worth
 * (the counterfactual: what acting on it was worth, whether anyone did), what was realised (that value
 * when it was implemented, nothing otherwise), and whether what it predicted came true.
 */
type Recommendation = Extract<RecommendationState, { exists: true }>;

/** What happened after a recommendation was proposed, as each kind needs it. */
export type Outcome =
  /** Units of the item consumed from the day of proposal to the day of measurement. */
  | { kind: 'reorder'; consumed: number }
  /** The quote's status now. */
  | { kind: 'stalled-quote'; status: string }
  /** Revenue per dollar of the two channels over the horizon (null: a channel spent nothing). */
  | { kind: 'budget-move'; fromReturn: number | null; toReturn: number | null };

export interface Measurement {
  realisedCents: number;
  counterfactualCents: number;
  predictionHeld: boolean;
  detail: string;
}

const b = (rec: Recommendation, name: string) => rec.baseline[name] ?? 0;

export const measure = (rec: Recommendation, outcome: Outcome): Measurement => {
  const implemented = rec.status === 'implemented';
  switch (outcome.kind) {
    case 'reorder': {
      const short = Math.max(0, outcome.consumed - b(rec, 'position'));
      const counterfactualCents = Math.round(short * b(rec, 'marginPerUnitCents'));
      return {
        realisedCents: implemented ? counterfactualCents : 0,
        counterfactualCents,
        // What it claimed: without an order, consumption would eat into the safety stock.
        predictionHeld: outcome.consumed > b(rec, 'position') - b(rec, 'safetyStock'),
        detail:
          `${outcome.consumed} used over the horizon against ${b(rec, 'position')} on hand and on order: ` +
          (short > 0
            ? `without the order ${round2(short)} would have been short (${dollars(counterfactualCents)}).`
            : 'it would not have run out without the order.'),
      };
    }
    case 'stalled-quote': {
      const margin = b(rec, 'totalCents') * b(rec, 'marginRate');
      const counterfactualCents = Math.round(margin * b(rec, 'acceptance'));
      const accepted = outcome.status === 'accepted';
      return {
        realisedCents: implemented && accepted ? Math.round(margin) : 0,
        counterfactualCents,
        predictionHeld: !accepted,
        detail: accepted
          ? `The quote was accepted${implemented ? ' after the follow-up' : ''}.`
          : `The quote ended ${outcome.status === 'sent' ? 'still open' : outcome.status}.`,
      };
    }
    case 'budget-move': {
      const from = outcome.fromReturn ?? 0;
      const to = outcome.toReturn ?? 0;
      const counterfactualCents = Math.round(b(rec, 'moveCents') * (to - from) * b(rec, 'marginRate'));
      return {
        realisedCents: implemented ? counterfactualCents : 0,
        counterfactualCents,
        predictionHeld: to > from,
        detail: `Over the horizon the channels returned ${round2(to)} and ${round2(from)} per dollar (to and from).`,
      };
    }
  }
};

/** Confidence bands the ROI view compares claimed with observed hit rates in. */
const BANDS = [
  [0, 0.5],
  [0.5, 0.7],
  [0.7, 0.85],
  [0.85, 1.01],
] as const;

/**
 * The return on insights: realised value of implemented recommendations (against their estimates), and
 * how right past confidences were: in each band of claimed confidence, the share whose prediction held.
 */
export const roiSummary = (recs: readonly Recommendation[]) => {
  const measured = recs.filter((r) => r.status === 'measured');
  const implemented = measured.filter((r) => r.measuredFrom === 'implemented');
  const byCategory = ['inventory', 'customers', 'marketing'].map((category) => {
    const of = implemented.filter((r) => r.category === category);
    return {
      category,
      implemented: of.length,
      realisedCents: of.reduce((a, r) => a + (r.realisedCents ?? 0), 0),
      estimatedCents: of.reduce((a, r) => a + r.estimatedValue.cents, 0),
    };
  });
  const calibration = BANDS.map(([lo, hi]) => {
    const of = measured.filter((r) => r.confidence.value >= lo && r.confidence.value < hi);
    const held = of.filter((r) => r.predictionHeld).length;
    return {
      from: lo,
      to: Math.min(1, hi),
      measured: of.length,
      claimed: of.length ? round2(of.reduce((a, r) => a + r.confidence.value, 0) / of.length) : null,
      observed: of.length ? round2(held / of.length) : null,
    };
  });
  const count = (status: string) => recs.filter((r) => r.status === status).length;
  return {
    counts: {
      proposed: count('proposed'),
      accepted: count('accepted'),
      dismissed: count('dismissed'),
      implemented: count('implemented') + implemented.length,
      measured: measured.length,
    },
    realisedCents: implemented.reduce((a, r) => a + (r.realisedCents ?? 0), 0),
    estimatedCents: implemented.reduce((a, r) => a + r.estimatedValue.cents, 0),
    missedCents: measured
      .filter((r) => r.measuredFrom !== 'implemented')
      .reduce((a, r) => a + Math.max(0, r.counterfactualCents ?? 0), 0),
    byCategory,
    calibration,
  };
};
