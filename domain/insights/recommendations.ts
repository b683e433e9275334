import type * as z from 'zod';
import type { IMPLEMENTATION_LINKS, RecommendationProposed } from '../../events/contexts/insights.ts';
import { addDays, type Day } from '../shared/days.ts';
import { availableBy, type Decider, type Event, type Probes, reject } from '../shared/decider.ts';

/**
 * A recommendation's lifecycle: proposed → accepted or dismissed → implemented (linked to what was
 * done) → measured after its horizon, against what the history shows would have happened anyway.
 */
export const RECOMMENDATION_STATUSES = [
  'proposed',
  'accepted',
  'dismissed',
  'implemented',
  'measured',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** Statuses in which a recommendation is still open: its key is not proposed again meanwhile. */
export const OPEN_STATUSES: readonly RecommendationStatus[] = ['proposed', 'accepted', 'implemented'];

export type Proposal = z.infer<typeof RecommendationProposed.schema>;
export type LinkKind = (typeof IMPLEMENTATION_LINKS)[number];
export interface Link {
  kind: LinkKind;
  id?: string;
  note?: string;
}

export type RecommendationState =
  | { exists: false }
  | (Proposal & {
      exists: true;
      status: RecommendationStatus;
      /** The day its outcome is due to be measured. */
      measureOn: Day;
      acceptedBy?: string;
      acceptedOn?: Day;
      dismissedBy?: string;
      dismissedOn?: Day;
      dismissReason?: string;
      implementedBy?: string;
      implementedOn?: Day;
      link?: Link;
      /** What it was before it was measured: the outcome counts as realised only when implemented. */
      measuredFrom?: RecommendationStatus;
      measuredOn?: Day;
      realisedCents?: number;
      counterfactualCents?: number;
      predictionHeld?: boolean;
      measureDetail?: string;
    });

export type RecommendationCommand =
  | ({ type: 'ProposeRecommendation' } & Proposal)
  | { type: 'AcceptRecommendation'; by: string; on: Day }
  | { type: 'DismissRecommendation'; by: string; reason: string; on: Day }
  | { type: 'ImplementRecommendation'; by: string; link: Link; on: Day }
  | {
      type: 'MeasureRecommendation';
      on: Day;
      realisedCents: number;
      counterfactualCents: number;
      predictionHeld: boolean;
      detail: string;
    };

export type RecommendationEvent = Event<
  | 'RecommendationProposed'
  | 'RecommendationAccepted'
  | 'RecommendationDismissed'
  | 'RecommendationImplemented'
  | 'RecommendationMeasured'
>;

type Recommendation = Extract<RecommendationState, { exists: true }>;

const existing = (state: RecommendationState): Recommendation =>
  state.exists ? state : reject('recommendation-not-found', 'No such recommendation', 404);

const inStatus = (state: RecommendationState, allowed: RecommendationStatus[], action: string) => {
  const rec = existing(state);
  if (!allowed.includes(rec.status))
    return reject(
      'invalid-transition',
      `Cannot ${action} a recommendation that is ${rec.status} (only one that is ${allowed.join(' or ')})`,
      409,
    );
  return rec;
};

const linkProblem = (link: Link): string | undefined => {
  if (link.kind === 'note') return link.note?.trim() ? undefined : 'A note link needs the note';
  return link.id?.trim() ? undefined : `A ${link.kind} link needs the ${link.kind}'s id`;
};

const decide = (command: RecommendationCommand, state: RecommendationState): RecommendationEvent[] => {
  switch (command.type) {
    case 'ProposeRecommendation': {
      if (state.exists)
        return reject('recommendation-exists', `Recommendation ${command.recommendationId} exists`, 409);
      const { type: _, ...data } = command;
      if (data.estimatedValue.lo > data.estimatedValue.hi)
        return reject('invalid-range', 'The value range is upside down');
      return [{ type: 'RecommendationProposed', data }];
    }
    case 'AcceptRecommendation': {
      const rec = inStatus(state, ['proposed'], 'accept');
      return [
        {
          type: 'RecommendationAccepted',
          data: { recommendationId: rec.recommendationId, by: command.by, on: command.on },
        },
      ];
    }
    case 'DismissRecommendation': {
      const rec = inStatus(state, ['proposed', 'accepted'], 'dismiss');
      if (!command.reason.trim()) return reject('reason-required', 'Say why it is dismissed');
      return [
        {
          type: 'RecommendationDismissed',
          data: {
            recommendationId: rec.recommendationId,
            by: command.by,
            reason: command.reason.trim(),
            on: command.on,
          },
        },
      ];
    }
    case 'ImplementRecommendation': {
      const rec = inStatus(state, ['accepted'], 'mark implemented');
      const problem = linkProblem(command.link);
      if (problem) return reject('invalid-link', problem);
      return [
        {
          type: 'RecommendationImplemented',
          data: {
            recommendationId: rec.recommendationId,
            by: command.by,
            link: command.link,
            on: command.on,
          },
        },
      ];
    }
    case 'MeasureRecommendation': {
      const rec = inStatus(state, ['proposed', 'accepted', 'dismissed', 'implemented'], 'measure');
      if (command.on < rec.measureOn)
        return reject('horizon-not-reached', `Its outcome is measured from ${rec.measureOn}`);
      const { type: _, ...data } = command;
      return [{ type: 'RecommendationMeasured', data: { recommendationId: rec.recommendationId, ...data } }];
    }
  }
};

const evolve = (state: RecommendationState, event: RecommendationEvent): RecommendationState => {
  if (event.type === 'RecommendationProposed')
    return {
      exists: true,
      ...event.data,
      status: 'proposed',
      measureOn: addDays(event.data.proposedOn, event.data.horizonDays),
    };
  if (!state.exists) return state;
  switch (event.type) {
    case 'RecommendationAccepted':
      return { ...state, status: 'accepted', acceptedBy: event.data.by, acceptedOn: event.data.on };
    case 'RecommendationDismissed':
      return {
        ...state,
        status: 'dismissed',
        dismissedBy: event.data.by,
        dismissedOn: event.data.on,
        dismissReason: event.data.reason,
      };
    case 'RecommendationImplemented':
      return {
        ...state,
        status: 'implemented',
        implementedBy: event.data.by,
        implementedOn: event.data.on,
        link: event.data.link,
      };
    case 'RecommendationMeasured':
      return {
        ...state,
        status: 'measured',
        measuredFrom: state.status,
        measuredOn: event.data.on,
        realisedCents: event.data.realisedCents,
        counterfactualCents: event.data.counterfactualCents,
        predictionHeld: event.data.predictionHeld,
        measureDetail: event.data.detail,
      };
  }
};

export const recommendationDecider: Decider<RecommendationCommand, RecommendationState, RecommendationEvent> =
  {
    initialState: { exists: false },
    decide,
    evolve,
  };

export const RECOMMENDATION_ACTIONS = ['accept', 'dismiss', 'implement'] as const;
export type RecommendationAction = (typeof RECOMMENDATION_ACTIONS)[number];

const probes: Probes<RecommendationCommand, RecommendationState, RecommendationAction> = {
  accept: (_, { today, by }) => ({ type: 'AcceptRecommendation', by, on: today }),
  dismiss: (_, { today, by }) => ({ type: 'DismissRecommendation', by, reason: 'probe', on: today }),
  implement: (_, { today, by }) => ({
    type: 'ImplementRecommendation',
    by,
    link: { kind: 'note', note: 'probe' },
    on: today,
  }),
};

export const availableRecommendationActions = availableBy(
  recommendationDecider,
  RECOMMENDATION_ACTIONS,
  probes,
);

/**
 * Of a run's candidates, those to propose: none whose key an open recommendation already has, and
 * each key once (the first, best-ranked, candidate wins).
 */
export const toPropose = <C extends { key: string }>(
  candidates: readonly C[],
  open: readonly { key: string; status: RecommendationStatus }[],
): { propose: C[]; skipped: C[] } => {
  const taken = new Set(open.filter((r) => OPEN_STATUSES.includes(r.status)).map((r) => r.key));
  const propose: C[] = [];
  const skipped: C[] = [];
  for (const candidate of candidates) {
    if (taken.has(candidate.key)) skipped.push(candidate);
    else {
      taken.add(candidate.key);
      propose.push(candidate);
    }
  }
  return { propose, skipped };
};

/** Recommendations whose horizon has passed and whose outcome is not measured yet. */
export const dueForMeasurement = <R extends { status: RecommendationStatus; measureOn: Day }>(
  recommendations: readonly R[],
  today: Day,
): R[] => recommendations.filter((r) => r.status !== 'measured' && r.measureOn <= today);
