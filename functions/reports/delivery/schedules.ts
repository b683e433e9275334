import type { ReportSchedule } from '../../../events/contexts/reports.ts';
import { deleteSchedule, putSchedule } from '../../adapters/schedules.ts';

/** What a report's schedule sends its target, the report starter. */
export interface ScheduledReport {
  reportId: string;
  scheduledTime?: string;
}

/** One schedule per saved report, whatever its version. */
export const reportScheduleName = (reportId: string) => `report-${reportId}`;

/**
 * Makes a report's EventBridge Scheduler schedule match its record: there while it is active with a
 * schedule, gone otherwise. Idempotent, so a redelivered event sets the same state again.
 */
export const syncReportSchedule = async (
  report: { reportId: string; status: string; schedule?: ReportSchedule },
  starterArn: string,
): Promise<'put' | 'deleted'> => {
  const name = reportScheduleName(report.reportId);
  if (report.status !== 'active' || !report.schedule) {
    await deleteSchedule('reports', name);
    return 'deleted';
  }
  await putSchedule(
    'reports',
    {
      name,
      expression: report.schedule.cron,
      timezone: report.schedule.timezone,
      input: { reportId: report.reportId } satisfies ScheduledReport,
    },
    starterArn,
  );
  return 'put';
};
