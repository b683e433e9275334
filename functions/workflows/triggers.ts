import { triggerPattern } from '../../domain/workflows/pattern.ts';
import type { Trigger } from '../../events/contexts/workflows.ts';
import type { Envelope } from '../../events/envelope.ts';
import { matches } from '../../events/pattern-match.ts';
import { getRow, listRows, putRowIfAt, type ViewRow } from '../adapters/views.ts';
import type { RunnableVersion } from './runs.ts';
import { syncSchedule } from './schedules.ts';

/**
 * What starts runs: per workflow, its latest published version's trigger and whether it is active.
 * An operational view the starter keeps from the workflows' own events (published, paused, resumed,
 * archived), so matching an event to workflows reads one small list rather than every workflow stream.
 */
export const TRIGGERS_VIEW = 'workflowTriggers';

export interface TriggerRow extends RunnableVersion {
  active: boolean;
  trigger: Trigger;
}

const SWITCHES = ['WorkflowPublished', 'WorkflowPaused', 'WorkflowResumed', 'WorkflowArchived'];
export const isWorkflowSwitch = (type: string) => SWITCHES.includes(type);

/**
 * Sets the workflow's schedule from its row, then again from any newer row written meanwhile: two
 * switches of one workflow handled at once must leave the schedule of the later one.
 */
const settleSchedule = async (row: ViewRow<TriggerRow>, starterArn: string): Promise<void> => {
  let current = row;
  for (let attempt = 0; attempt < 5; attempt++) {
    await syncSchedule(current.state, starterArn);
    const latest = await getRow<TriggerRow>(TRIGGERS_VIEW, current.id);
    if (!latest || latest.version === current.version) return;
    current = latest;
  }
};

/**
 * Folds one workflow event into its row, and keeps the workflow's schedule in step with it (made or
 * deleted through EventBridge Scheduler, targeting `starterArn`). The row's version is the stream's,
 * so a redelivery changes nothing, except to set the schedule again if that failed the first time.
 */
export const projectSwitch = async (event: Envelope, starterArn: string): Promise<void> => {
  const data = event.data as {
    workflowId: string;
    version?: number;
    stateMachineArn?: string;
    definition?: { trigger: Trigger };
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    const previous = await getRow<TriggerRow>(TRIGGERS_VIEW, data.workflowId);
    if (previous && previous.version > event.streamVersion) return;
    if (previous?.version === event.streamVersion) return settleSchedule(previous, starterArn);
    const before = previous?.state;
    let state: TriggerRow | undefined;
    if (event.type === 'WorkflowPublished')
      state = {
        workflowId: data.workflowId,
        version: data.version!,
        stateMachineArn: data.stateMachineArn!,
        trigger: data.definition!.trigger,
        active: before?.active ?? true,
      };
    else if (before) state = { ...before, active: event.type === 'WorkflowResumed' };
    // A pause or archive before any publish: nothing starts runs, nothing to keep.
    if (!state) return;
    if (event.type === 'WorkflowPublished' && before) state.active = before.active;
    const row: ViewRow<TriggerRow> = {
      view: TRIGGERS_VIEW,
      id: data.workflowId,
      version: event.streamVersion,
      eventCount: event.streamVersion,
      state,
      search: '',
      createdAt: previous?.createdAt ?? event.occurredAt,
      updatedAt: event.occurredAt,
      lastEventId: event.id,
    };
    if (await putRowIfAt(row as unknown as ViewRow, previous as unknown as ViewRow | undefined))
      return settleSchedule(row, starterArn);
  }
  throw new Error(
    `Could not project ${event.type} of workflow ${data.workflowId}: too many concurrent writers`,
  );
};

/** Every workflow's trigger row: a few dozen at most, read in pages. */
export const triggerRows = async (): Promise<TriggerRow[]> => {
  const rows: TriggerRow[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRows<TriggerRow>(TRIGGERS_VIEW, { limit: 100, cursor });
    rows.push(...page.items.map((r) => r.state));
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
};

/**
 * The active workflows a bus event starts: those whose event trigger's pattern (the same one an
 * EventBridge rule would hold, domain/workflows/pattern.ts) matches it. What a pattern cannot say, the
 * state machine checks first.
 */
export const workflowsStartedBy = async (event: Record<string, unknown>): Promise<TriggerRow[]> =>
  (await triggerRows()).filter(
    (row) =>
      row.active && row.trigger.kind === 'event' && matches(triggerPattern(row.trigger).pattern, event),
  );
