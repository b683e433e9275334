import { monotonicFactory } from 'ulid';
import type { Decider } from '../../../domain/shared/decider.ts';
import type { DomainEvent } from '../../../events/catalog.ts';
import type { Actor } from '../../../events/envelope.ts';
import { buildCommit, type CommitItem } from '../../../functions/adapters/event-store.ts';
import type { Ran, Store } from '../../../functions/application/command-store.ts';
import { versionConflict } from '../../../functions/http/problem.ts';
import type { Random } from './random.ts';

interface Stream {
  state: unknown;
  version: number;
  eventCount: number;
}

/**
 * The application commands' Store, in memory: commands are decided by the real deciders and each commit is built by
 * the real event store code (envelopes, schema validation, size limit), then kept for a bulk import
 * instead of being written one by one. State evolves from the validated events, exactly as a later
 * load from the store would see them.
 */
export class MemoryStore implements Store {
  readonly commits: CommitItem[] = [];
  private readonly streams = new Map<string, Stream>();
  private readonly newId: (time: number) => string;
  private actor: Actor = { id: 'system', role: 'system' };
  private at = new Date(0);
  private correlationId = 'demo';
  eventCount = 0;

  /** `onCommit` sees each commit as it is made, so a writer can import while the history is still being generated. */
  constructor(
    random: Random,
    private readonly onCommit?: (commit: CommitItem) => void,
  ) {
    this.newId = monotonicFactory(random.next);
  }

  /** Who acts, when, and under which correlation id, for the commits that follow. */
  as(actor: Actor, at: Date, correlationId: string): void {
    this.actor = actor;
    this.at = at;
    this.correlationId = correlationId;
  }

  get streamCount(): number {
    return this.streams.size;
  }

  peek<S>(decider: Decider<unknown, S, DomainEvent> | { initialState: S }, streamId: string): S {
    return (this.streams.get(streamId)?.state as S | undefined) ?? decider.initialState;
  }

  async load<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<Ran<S>> {
    const stream = this.streams.get(streamId);
    return { state: (stream?.state as S | undefined) ?? decider.initialState, version: stream?.version ?? 0 };
  }

  async run<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C,
    expectedVersion?: number,
  ): Promise<Ran<S>> {
    const stream = this.streams.get(streamId) ?? { state: decider.initialState, version: 0, eventCount: 0 };
    if (expectedVersion !== undefined && expectedVersion !== stream.version)
      throw versionConflict(stream.version);
    const state = stream.state as S;
    const events = decider.decide(command, state);
    if (events.length === 0) return { state, version: stream.version };
    const { item, commit } = buildCommit(streamId, stream, events, {
      actor: this.actor,
      correlationId: this.correlationId,
      at: this.at,
      bulkImport: true,
      newId: this.newId,
    });
    const next = commit.events.reduce((s, e) => decider.evolve(s, e as unknown as E), state);
    this.streams.set(streamId, { state: next, version: item.version, eventCount: item.eventCount });
    this.commits.push(item);
    this.onCommit?.(item);
    this.eventCount += commit.events.length;
    return { state: next, version: item.version };
  }
}
