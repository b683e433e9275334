import { addDays, type Day } from '../shared/days.ts';
import { fitLogistic, predict } from './logistic.ts';
import { round2 } from './stats.ts';

/**
 * Lead scoring: the probability that a lead becomes a customer, from what is known when it is
 * captured (channel, campaign, the model it asked about, marketing consent), by logistic regression.
 * Budget and timeline are left out on purpose: they are recorded when a lead qualifies, so a closed
 * lead's would tell the model its outcome (a disqualified lead never has them).
 * Calibration is measured on held-out leads: the model is fitted on the older two thirds of the leads
 * whose outcome is known and judged on the newest third, by decile of predicted probability.
 */
export interface ScoringLead {
  leadId: string;
  channel: string;
  capturedOn: Day;
  campaignId?: string;
  interestModelId?: string;
  marketingConsent: boolean;
  status: string;
  customerId?: string;
}

/** A lead's outcome is known once it converted, was disqualified, or is this many days old. */
export const OUTCOME_DAYS = 120;

const converted = (l: ScoringLead) => l.status === 'converted' || l.customerId !== undefined;
const closed = (l: ScoringLead) => converted(l) || l.status === 'disqualified';

/** The feature columns: names and how each is read from a lead (column 0 is the intercept). */
export const featureSpace = (leads: readonly ScoringLead[]) => {
  const channels = [...new Set(leads.map((l) => l.channel))].sort();
  const models = [...new Set(leads.map((l) => l.interestModelId ?? 'none'))].sort();
  const names = [
    'intercept',
    ...channels.slice(1).map((c) => `channel: ${c}`),
    ...models.slice(1).map((m) => `model of interest: ${m}`),
    'from a campaign',
    'marketing consent',
  ];
  const row = (l: ScoringLead): number[] => [
    1,
    ...channels.slice(1).map((c) => (l.channel === c ? 1 : 0)),
    ...models.slice(1).map((m) => ((l.interestModelId ?? 'none') === m ? 1 : 0)),
    l.campaignId ? 1 : 0,
    l.marketingConsent ? 1 : 0,
  ];
  return { names, row };
};

export interface CalibrationBin {
  decile: number;
  leads: number;
  /** Mean predicted probability in the bin. */
  predicted: number;
  /** Share of the bin's leads that converted. */
  observed: number;
}

/** Held-out leads ranked by predicted probability in ten equal bins: predicted against observed. */
export const calibrationByDecile = (scored: readonly { p: number; y: number }[]): CalibrationBin[] => {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  const bins: CalibrationBin[] = [];
  for (let d = 0; d < 10; d++) {
    const part = sorted.slice(
      Math.floor((d * sorted.length) / 10),
      Math.floor(((d + 1) * sorted.length) / 10),
    );
    if (!part.length) continue;
    bins.push({
      decile: d + 1,
      leads: part.length,
      predicted: round2(part.reduce((a, s) => a + s.p, 0) / part.length),
      observed: round2(part.reduce((a, s) => a + s.y, 0) / part.length),
    });
  }
  return bins;
};

/** The area under the ROC curve: the chance a converted lead outranks one that did not (ties count half). */
export const aucOf = (scored: readonly { p: number; y: number }[]): number | null => {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  const positives = sorted.filter((s) => s.y === 1).length;
  const negatives = sorted.length - positives;
  if (!positives || !negatives) return null;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.y === 1) rankSum += rank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
};

export interface LeadScoring {
  /** Leads whose outcome was known, the older part used to fit and the newer part held out. */
  trained: number;
  heldOut: number;
  baseRate: number;
  /** On the held-out leads: Brier score (mean squared error of the probability) and the base rate's. */
  brier: number | null;
  brierBaseRate: number | null;
  auc: number | null;
  calibration: CalibrationBin[];
  /** The fitted model on every lead with a known outcome: odds ratio per feature. */
  coefficients: { feature: string; weight: number; oddsRatio: number }[];
  /** Open leads, most likely first (ids only: who they are is for those who may read leads). */
  open: { leadId: string; channel: string; capturedOn: Day; probability: number }[];
}

export const scoreLeads = (leads: readonly ScoringLead[], asOf: Day, top = 25): LeadScoring | null => {
  const past = leads.filter((l) => l.capturedOn < asOf);
  const cutoff = addDays(asOf, -OUTCOME_DAYS);
  const known = past
    .filter((l) => closed(l) || l.capturedOn < cutoff)
    .sort((a, b) => (a.capturedOn < b.capturedOn ? -1 : a.capturedOn > b.capturedOn ? 1 : 0));
  if (known.length < 30) return null;
  const space = featureSpace(past);
  const ys: number[] = known.map((l) => (converted(l) ? 1 : 0));
  const xs = known.map(space.row);
  const split = Math.floor((known.length * 2) / 3);
  const w = fitLogistic(xs.slice(0, split), ys.slice(0, split));
  const held = xs.slice(split).map((x, i) => ({ p: predict(w, x), y: ys[split + i]! }));
  const trainRate = ys.slice(0, split).reduce((a, b) => a + b, 0) / split;
  const brier = held.length ? held.reduce((a, s) => a + (s.p - s.y) ** 2, 0) / held.length : null;
  const brierBaseRate = held.length
    ? held.reduce((a, s) => a + (trainRate - s.y) ** 2, 0) / held.length
    : null;
  const auc = aucOf(held);
  const full = fitLogistic(xs, ys);
  const open = past
    .filter((l) => !closed(l) && l.capturedOn >= cutoff)
    .map((l) => ({
      leadId: l.leadId,
      channel: l.channel,
      capturedOn: l.capturedOn,
      probability: round2(predict(full, space.row(l))),
    }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, top);
  return {
    trained: split,
    heldOut: held.length,
    baseRate: round2(ys.reduce((a, b) => a + b, 0) / ys.length),
    brier: brier === null ? null : Math.round(brier * 10_000) / 10_000,
    brierBaseRate: brierBaseRate === null ? null : Math.round(brierBaseRate * 10_000) / 10_000,
    auc: auc === null ? null : round2(auc),
    calibration: calibrationByDecile(held),
    coefficients: space.names.map((feature, j) => ({
      feature,
      weight: round2(full[j]!),
      oddsRatio: round2(Math.exp(full[j]!)),
    })),
    open,
  };
};
