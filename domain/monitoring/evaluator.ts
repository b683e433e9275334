/**
 * The one alert evaluator: M of N datapoints to fire and, separately, M of N to recover, as CloudWatch
 * alarms count them ("datapoints to alarm"). Pure: the caller reads the datapoints, this module judges.
 * Firing and recovering on different windows is what keeps one bad (or one good) minute from flapping
 * an alert: a rule that fires on 3 of 5 and recovers on 3 of 3 needs three clean runs in a row to clear.
 */
import { ALERT_STATES } from '../../events/contexts/monitoring.ts';

export { ALERT_STATES };
export type AlertState = (typeof ALERT_STATES)[number];

/** `m` of the last `n` datapoints. */
export interface MofN {
  m: number;
  n: number;
}

export interface AlertPolicy {
  /** Breaching datapoints among the last n that fire the alert. */
  fire: MofN;
  /** Passing datapoints among the last n that recover it. */
  recover: MofN;
}

export interface Evaluation {
  state: AlertState;
  /** The datapoints that decided it: breaching ones when firing or alarming, passing ones otherwise. */
  count: number;
  /** How many datapoints the window held (at most its n). */
  of: number;
}

/**
 * The state the latest datapoints (oldest first; `true` = breaching) put an alert in, from its current
 * state. Not alarming: fire on `fire.m` breaching of the last `fire.n`; otherwise OK once `recover.m` of
 * the last `recover.n` pass (the same bar as recovering, so a rule needs as much evidence to say OK as to
 * say it recovered), INSUFFICIENT_DATA with no datapoints at all, else unchanged. Alarming: recover on
 * `recover.m` passing of the last `recover.n`, else stay.
 */
export const evaluate = (
  policy: AlertPolicy,
  breaching: readonly boolean[],
  current: AlertState,
): Evaluation => {
  const passingIn = (window: readonly boolean[]) => window.filter((b) => !b).length;
  const recoverWindow = breaching.slice(-policy.recover.n);
  const recovered = recoverWindow.length >= policy.recover.m && passingIn(recoverWindow) >= policy.recover.m;
  if (current === 'ALARM') {
    const passing = passingIn(recoverWindow);
    if (recovered) return { state: 'OK', count: passing, of: recoverWindow.length };
    const fireWindow = breaching.slice(-policy.fire.n);
    return { state: 'ALARM', count: fireWindow.filter(Boolean).length, of: fireWindow.length };
  }
  const fireWindow = breaching.slice(-policy.fire.n);
  const firing = fireWindow.filter(Boolean).length;
  if (firing >= policy.fire.m) return { state: 'ALARM', count: firing, of: fireWindow.length };
  if (breaching.length === 0) return { state: 'INSUFFICIENT_DATA', count: 0, of: 0 };
  if (recovered) return { state: 'OK', count: passingIn(recoverWindow), of: recoverWindow.length };
  return { state: current, count: passingIn(recoverWindow), of: recoverWindow.length };
};

/** What a rule compares a datapoint's value with: above (or below) a threshold, or outside a band. */
export type Condition =
  | { kind: 'above'; threshold: number }
  | { kind: 'below'; threshold: number }
  | { kind: 'outside'; min: number; max: number };

export const breaches = (condition: Condition, value: number): boolean => {
  switch (condition.kind) {
    case 'above':
      return value > condition.threshold;
    case 'below':
      return value < condition.threshold;
    case 'outside':
      return value < condition.min || value > condition.max;
  }
};
