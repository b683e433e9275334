import type { DomainEvent, EventType } from '../../events/catalog.ts';
import type { Day } from './days.ts';

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
  readonly code: string;
  readonly status: 404 | 409 | 422;
  constructor(code: string, message: string, status: 404 | 409 | 422 = 422) {
    // A rule's refusal is an answer, not a fault: nobody reads its stack, and capturing one is most of
    // its cost when every read of a record probes each action by deciding it (availableBy).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.status = status;
  }
}

export const reject = (code: string, message: string, status: 404 | 409 | 422 = 422): never => {
  throw new DomainError(code, message, status);
};

export const fold = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, events: readonly E[]): S =>
  events.reduce(decider.evolve, decider.initialState);

/** Whether `decide` accepts the command in this state rather than refusing it with a business rule. */
export const accepts = <C, S, E extends DomainEvent>(
  decider: Decider<C, S, E>,
  command: C,
  state: S,
): boolean => {
  try {
    decider.decide(command, state);
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
};

/** What availability depends on besides the record: the business day and who asks. */
export interface ActionContext {
  today: Day;
  /** The caller's id, as commands record it (`by`). */
  by: string;
}

/**
 * For each action of a record, the commands that would perform it, built from the record's state with
 * the most permissive input the action allows (the smallest amount, today, each candidate payment...).
 * An action is available when `decide` accepts at least one of them: the decider's own rules say what
 * a caller may do next, and nothing repeats them.
 */
export type Probes<C, S, A extends string> = Record<
  A,
  (state: S, context: ActionContext) => C | readonly C[] | undefined
>;

/** The actions, in vocabulary order, that `decide` would accept in this state. */
export const availableBy =
  <C, S, E extends DomainEvent, A extends string>(
    decider: Decider<C, S, E>,
    vocabulary: readonly A[],
    probes: Probes<C, S, A>,
  ) =>
  (state: S, context: ActionContext): A[] =>
    vocabulary.filter((action) => {
      const probe = probes[action](state, context);
      const commands: readonly C[] = probe === undefined ? [] : Array.isArray(probe) ? probe : [probe as C];
      return commands.some((command) => accepts(decider, command, state));
    });
