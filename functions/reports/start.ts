import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { Envelope } from '../../events/envelope.ts';
import { eventStore } from '../adapters/event-store.ts';
import { aggregates } from '../application/aggregates.ts';
import { loadRecord } from '../application/command.ts';
import { logHandled, observability } from '../runtime/observability.ts';
import { startReportRun } from './delivery/runs.ts';
import { type ScheduledReport, syncReportSchedule } from './delivery/schedules.ts';

const { logger, instrument } = observability('report-start');

/** The events that change whether and when a report runs on its own. */
export const SCHEDULE_CHANGES = ['ReportScheduled', 'ReportUnscheduled', 'ReportArchived'] as const;

const isBusEvent = (event: unknown): event is EventBridgeEvent<string, Envelope> =>
  typeof event === 'object' && event !== null && 'detail-type' in event && 'detail' in event;

/** A schedule's run: the report as it is now, if it is still active and scheduled. */
const startScheduled = async (input: ScheduledReport): Promise<number> => {
  const { state } = await loadRecord(aggregates.savedReport, input.reportId);
  if (!state.exists || state.status !== 'active' || !state.schedule) return 0;
  await startReportRun({
    reportId: input.reportId,
    trigger: 'schedule',
    ...(input.scheduledTime ? { scheduledTime: input.scheduledTime } : {}),
    requestedBy: { id: `report-schedule:${input.reportId}`, role: 'system' },
  });
  return 1;
};

/**
 * The report starter: a target of saved reports' schedule changes (keeps each report's EventBridge
 * Scheduler schedule as its record says, targeting this function) and of those schedules (starts a
 * run on the report state machine).
 */
export const handler = instrument(
  async (event: EventBridgeEvent<string, Envelope> | ScheduledReport, context: Context) => {
    if (!isBusEvent(event)) return { started: await startScheduled(event) };
    const envelope = event.detail;
    // Only events the store holds change schedules: nothing put on the bus by another hand does.
    if (!(await eventStore.findEvent(envelope))) {
      logger.error('event on the bus is not in the event store; schedule left alone', {
        eventId: envelope.id,
      });
      return { started: 0 };
    }
    const reportId = (envelope.data as { reportId: string }).reportId;
    // The record as it is now, not as this event left it: a late redelivery cannot undo a newer change.
    const { state } = await loadRecord(aggregates.savedReport, reportId);
    if (!state.exists) return { started: 0 };
    const done = await syncReportSchedule(state, context.invokedFunctionArn);
    logHandled(logger, envelope, `report schedule ${done}`, { reportId });
    return { started: 0 };
  },
);
