import type { Decider } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { type CommitMeta, ConcurrencyError } from '../adapters/event-store.ts';
import { execute, load } from './command.ts';

export interface Ran<S> {
  state: S;
  version: number;
}

/**
 * Where a command reads and writes aggregates. The API runs commands against the event store; the demo
 * history generator runs the very same commands against an in-memory store that it then bulk-imports,
 * so both go through the same deciders and the same cross-aggregate steps.
 */
export interface Store {
  load: <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string) => Promise<Ran<S>>;
  run: <C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    expectedVersion?: number,
  ) => Promise<Ran<S>>;
}

/** The event store, for one request: every commit carries the request's actor and correlation id. */
export const liveStore = (meta: CommitMeta): Store => ({
  load: async (decider, streamId) => {
    const loaded = await load(decider, streamId);
    return { state: loaded.state, version: loaded.version };
  },
  run: async (decider, streamId, command, expectedVersion) => {
    // Without a version to hold to, a concurrent change is no conflict: decide again on the new state.
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await execute(decider, streamId, command, { ...meta, expectedVersion });
        return { state: result.state, version: result.version };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || expectedVersion !== undefined || attempt >= 5)
          throw error;
      }
    }
  },
});

/**
 * Runs `decide` without recording anything: commands that touch several aggregates check every step
 * first, so a command that breaks a rule on any of them writes nothing at all.
 */
export const check = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, command: C, state: S): void => {
  decider.decide(command, state);
};
