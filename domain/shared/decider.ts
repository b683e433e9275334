import type { DomainEvent, EventType } from '../../events/catalog.ts';

/** An event as the domain sees it: the type and the current-version data, without the envelope. */
export type Event<T extends EventType = EventType> = Extract<DomainEvent, { type: T }>;

/**
 * A decider in the sense of mature event-sourcing libraries: commands decide (pure, may reject),
 * events evolve state (pure, total: never rejects a stored event).
 */
export interface Decider<C, S, E extends DomainEvent = DomainEvent> {
  readonly initialState: S;
  readonly decide: (command: C, state: S) => E[];
  readonly evolve: (state: S, event: E) => S;
}

/** A business rule the command broke. `code` is stable and becomes the problem type's last segment. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: 404 | 409 | 422 = 422,
  ) {
    super(message);
  }
}

export const reject = (code: string, message: string, status: 404 | 409 | 422 = 422): never => {
  throw new DomainError(code, message, status);
};

export const fold = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, events: readonly E[]): S =>
  events.reduce(decider.evolve, decider.initialState);
