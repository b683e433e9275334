import { addDays, type Day, daysBetween } from '../shared/days.ts';
import { type Candidate, dollars, type HitRate, percent, priorityOf } from './candidate.ts';
import { clamp, round2, wilson } from './stats.ts';

/**
 * Customers: RFM segments (recency, frequency and money of their orders, each scored 1–5 by quintile),
 * and quotes stalled long enough that the history says they are likely to be lost.
 */
export interface CustomerOrder {
  customerId: string;
  totalCents: number;
  on: Day;
}

export const SEGMENTS = {
  champions: 'Bought recently, more than once, and spent the most: ask them for referrals and reviews.',
  loyal: 'More than one order: they come back; keep them close with upgrades and service.',
  'big-spenders': 'One large recent order: a premium build; offer add-ons and a referral reward.',
  'recent-buyers': 'One order in the last months: look after delivery and the first season.',
  'at-risk': 'Spent well, but long ago: a check-in or a service visit may bring the next order.',
  dormant: 'One modest order long ago: low priority for outreach.',
} as const;
export type Segment = keyof typeof SEGMENTS;

export interface CustomerScore {
  customerId: string;
  recencyDays: number;
  orders: number;
  spentCents: number;
  r: number;
  f: number;
  m: number;
  segment: Segment;
}

/** Quintile scores 1–5 of each value among all values (ties share the lower score). */
const quintiles = (values: readonly number[], higherIsBetter: boolean): number[] => {
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    const below = sorted.findIndex((x) => x >= v);
    const rank = below / Math.max(1, sorted.length);
    const score = Math.min(5, Math.floor(rank * 5) + 1);
    return higherIsBetter ? score : 6 - score;
  });
};

const segmentOf = (r: number, m: number, orders: number): Segment => {
  if (orders >= 2 && r >= 4 && m >= 4) return 'champions';
  if (orders >= 2) return 'loyal';
  if (r >= 4 && m >= 4) return 'big-spenders';
  if (r >= 3) return 'recent-buyers';
  if (m >= 3) return 'at-risk';
  return 'dormant';
};

/** Every customer with orders before `asOf`, scored and put in a segment. */
export const rfm = (orders: readonly CustomerOrder[], asOf: Day): CustomerScore[] => {
  const byCustomer = new Map<string, { last: Day; orders: number; spent: number }>();
  for (const o of orders) {
    if (o.on >= asOf) continue;
    const c = byCustomer.get(o.customerId) ?? { last: o.on, orders: 0, spent: 0 };
    c.orders += 1;
    c.spent += o.totalCents;
    if (o.on > c.last) c.last = o.on;
    byCustomer.set(o.customerId, c);
  }
  const ids = [...byCustomer.keys()];
  const rows = ids.map((id) => byCustomer.get(id)!);
  const recency = rows.map((c) => daysBetween(c.last, asOf));
  const r = quintiles(recency, false);
  const f = quintiles(
    rows.map((c) => c.orders),
    true,
  );
  const m = quintiles(
    rows.map((c) => c.spent),
    true,
  );
  return ids.map((customerId, i) => ({
    customerId,
    recencyDays: recency[i]!,
    orders: rows[i]!.orders,
    spentCents: rows[i]!.spent,
    r: r[i]!,
    f: f[i]!,
    m: m[i]!,
    segment: segmentOf(r[i]!, m[i]!, rows[i]!.orders),
  }));
};

export interface SegmentSummary {
  segment: Segment;
  description: string;
  customers: number;
  spentCents: number;
  averageRecencyDays: number;
  averageOrders: number;
}

export const segmentSummaries = (scores: readonly CustomerScore[]): SegmentSummary[] =>
  (Object.keys(SEGMENTS) as Segment[]).map((segment) => {
    const members = scores.filter((s) => s.segment === segment);
    const n = members.length;
    return {
      segment,
      description: SEGMENTS[segment],
      customers: n,
      spentCents: members.reduce((a, s) => a + s.spentCents, 0),
      averageRecencyDays: n ? Math.round(members.reduce((a, s) => a + s.recencyDays, 0) / n) : 0,
      averageOrders: n ? round2(members.reduce((a, s) => a + s.orders, 0) / n) : 0,
    };
  });

/** A sent quote: its day sent, and how and when it was decided (if it was). */
export interface QuoteInput {
  quoteId: string;
  customerId: string;
  modelName: string;
  totalCents: number;
  sentOn: Day;
  expiresOn: Day;
  status: 'sent' | 'accepted' | 'declined' | 'expired';
  decidedOn?: Day;
}

/**
 * The acceptance curve: for each age in days, the share of quotes still open at that age that were
 * later accepted. Only quotes decided before `asOf` count (an open quote's ending is not known yet).
 */
export const acceptanceCurve = (quotes: readonly QuoteInput[], asOf: Day, maxAge = 60) => {
  const decided = quotes.filter((q) => q.status !== 'sent' && q.decidedOn && q.decidedOn < asOf);
  return Array.from({ length: maxAge + 1 }, (_, age) => {
    const open = decided.filter((q) => daysBetween(q.sentOn, q.decidedOn!) >= age);
    const accepted = open.filter((q) => q.status === 'accepted').length;
    return { age, open: open.length, accepted, rate: open.length ? accepted / open.length : 0 };
  });
};

/** A quote is stalled when its chance, given its age, is below this share of a fresh quote's. */
export const STALL_RATIO = 0.5;
/** Too few past quotes at an age to say anything. */
const MIN_AT_AGE = 5;

export const isStalled = (curve: ReturnType<typeof acceptanceCurve>, age: number): boolean => {
  const point = curve[Math.min(age, curve.length - 1)]!;
  return point.open >= MIN_AT_AGE && point.rate < STALL_RATIO * curve[0]!.rate;
};

export const STALLED_METHOD =
  'Backtest: the acceptance curve from quotes decided before the last third of the history, applied to each quote sent in that last third on the first day it counted as stalled; a hit when a quote so flagged was then lost.';

/** How often a quote flagged stalled by the curve of earlier quotes was in fact lost. */
export const backtestStalled = (quotes: readonly QuoteInput[], asOf: Day): HitRate => {
  const decided = quotes
    .filter((q) => q.status !== 'sent' && q.decidedOn && q.decidedOn < asOf)
    .sort((a, b) => (a.sentOn < b.sentOn ? -1 : 1));
  if (decided.length < 30) return { value: 0, samples: 0, method: STALLED_METHOD };
  const cut = decided[Math.floor((decided.length * 2) / 3)]!.sentOn;
  const curve = acceptanceCurve(decided, cut);
  let flagged = 0;
  let lost = 0;
  for (const q of decided.filter((x) => x.sentOn >= cut)) {
    const lifetime = daysBetween(q.sentOn, q.decidedOn!);
    let flaggedAt: number | undefined;
    for (let age = 1; age < lifetime && flaggedAt === undefined; age++)
      if (isStalled(curve, age)) flaggedAt = age;
    if (flaggedAt === undefined) continue;
    flagged += 1;
    if (q.status !== 'accepted') lost += 1;
  }
  return { value: flagged ? lost / flagged : 0, samples: flagged, method: STALLED_METHOD };
};

/** Follow-up recommendations for open quotes that have stalled, largest first. */
export const stalledQuoteCandidates = (
  quotes: readonly QuoteInput[],
  names: ReadonlyMap<string, string>,
  asOf: Day,
  marginRate: number,
  hitRate: HitRate,
  limit = 8,
): Candidate[] => {
  const curve = acceptanceCurve(quotes, asOf);
  const fresh = curve[0]!.rate;
  return (
    quotes
      .filter((q) => q.status === 'sent' && q.expiresOn >= asOf && q.sentOn < asOf)
      .map((q) => ({ q, age: daysBetween(q.sentOn, asOf) }))
      // Stalled, but with a chance left: a quote nobody past its age ever accepted is not worth a call.
      .filter(({ age }) => isStalled(curve, age) && curve[Math.min(age, curve.length - 1)]!.rate > 0)
      .sort((a, b) => b.q.totalCents - a.q.totalCents)
      .slice(0, limit)
      .map(({ q, age }) => {
        const point = curve[Math.min(age, curve.length - 1)]!;
        const band = wilson(point.accepted, point.open);
        const margin = q.totalCents * marginRate;
        const value = {
          cents: Math.round(margin * point.rate),
          lo: Math.round(margin * band.lo),
          hi: Math.round(margin * band.hi),
        };
        const daysLeft = daysBetween(asOf, q.expiresOn);
        const urgency = clamp(1 - daysLeft / 30, 0.2, 1);
        const who = names.get(q.customerId) ?? q.customerId;
        return {
          category: 'customers' as const,
          kind: 'stalled-quote' as const,
          key: `stalled-quote:${q.quoteId}`,
          subject: { kind: 'quote', id: q.quoteId, name: `${who}: ${q.modelName}` },
          title: `Follow up ${who}'s ${q.modelName} quote (${dollars(q.totalCents)})`,
          reason:
            `Sent ${age} days ago and still open, expiring ${q.expiresOn}. Of past quotes still open at ${age} days, ` +
            `${percent(point.rate)} were accepted (${point.accepted} of ${point.open}), against ${percent(fresh)} of all ` +
            `quotes: it is likely to be lost. ${dollars(value.cents)} of expected contribution is at stake. ` +
            `Quotes flagged like this were lost ${percent(hitRate.value)} of the time.`,
          evidence: {
            figures: [
              { label: 'Quote total', value: q.totalCents, unit: 'cents' as const },
              { label: 'Age (days)', value: age, unit: 'days' as const },
              { label: 'Expires on', value: q.expiresOn, unit: 'date' as const },
              { label: 'Acceptance at this age', value: round2(point.rate), unit: 'share' as const },
              { label: 'Acceptance of a fresh quote', value: round2(fresh), unit: 'share' as const },
              { label: 'Past quotes open at this age', value: point.open, unit: 'count' as const },
            ],
            series: {
              title: 'Share of quotes still open at each age that were accepted',
              unit: 'share',
              points: curve
                .filter((p) => p.open >= MIN_AT_AGE)
                .map((p) => ({ at: String(p.age), value: round2(p.rate), projected: false })),
              levels: [{ label: `This quote (${age} days)`, value: round2(point.rate) }],
            },
          },
          confidence: { value: round2(hitRate.value), samples: hitRate.samples, method: hitRate.method },
          estimatedValue: value,
          urgency: round2(urgency),
          priority: priorityOf(value.cents, hitRate.value, urgency),
          horizonDays: Math.max(1, daysBetween(asOf, addDays(q.expiresOn, 1))),
          baseline: {
            totalCents: q.totalCents,
            acceptance: round2(point.rate),
            marginRate: round2(marginRate),
          },
        };
      })
  );
};
