import type { Proposal } from './recommendations.ts';
import { clamp } from './stats.ts';

/** What an analysis proposes; the run gives it an id, its run and the day. */
export type Candidate = Omit<Proposal, 'recommendationId' | 'runId' | 'proposedOn'>;

/** A recommender's measured confidence: its backtested hit rate, on how many cases, and how. */
export interface HitRate {
  value: number;
  samples: number;
  method: string;
}

/**
 * Priority: the dollars at stake, times how often this advice proved right, times how soon it matters.
 * A $10,000 recommendation right 60% of the time and due now outranks a $20,000 one due next quarter.
 */
export const priorityOf = (valueCents: number, confidence: number, urgency: number): number =>
  Math.round((Math.max(0, valueCents) / 100) * clamp(confidence, 0, 1) * clamp(urgency, 0, 1) * 100) / 100;

/**
 * One subject's hit rate pulled towards the recommender's pooled rate by `weight` pseudo-cases, so a
 * subject with three past cases does not claim 100% (or 0%) on its own.
 */
export const shrunk = (hits: number, n: number, pooled: number, weight = 5): number =>
  (hits + weight * pooled) / (n + weight);

/** Dollars as people read them in a sentence. */
export const dollars = (cents: number): string => `$${Math.round(cents / 100).toLocaleString('en-US')}`;

export const percent = (share: number): string => `${Math.round(share * 100)}%`;
