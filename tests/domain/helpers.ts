import type { Decider } from '../../domain/shared/decider.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import type { DomainEvent } from '../../events/catalog.ts';
import { validateNew } from '../../events/catalog.ts';

/**
 * Runs commands through a decider the way the store does: each accepted command's events are checked
 * against the event catalog's schema and evolved; a refused command must be refused with a DomainError
 * and changes nothing.
 */
export const replay = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, commands: readonly C[]) => {
  let state = decider.initialState;
  const events: E[] = [];
  const refused: string[] = [];
  for (const command of commands) {
    try {
      const decided = decider.decide(command, state);
      for (const event of decided) validateNew(event);
      events.push(...decided);
      state = decided.reduce(decider.evolve, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.push(error.code);
    }
  }
  return { state, events, refused };
};

export const evolveAll = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, events: readonly E[]) =>
  events.reduce(decider.evolve, decider.initialState);

/** The state after commands that must all be accepted. */
export const settled = <C, S, E extends DomainEvent>(decider: Decider<C, S, E>, commands: readonly C[]) => {
  const { state, refused } = replay(decider, commands);
  if (refused.length > 0) throw new Error(`Refused: ${refused.join(', ')}`);
  return state;
};
