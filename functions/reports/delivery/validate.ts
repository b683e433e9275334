import awsCronParser from 'aws-cron-parser';
import { compile } from '../../../domain/reports/compile.ts';
import type { ReportDefinition } from '../../../events/contexts/report-definition.ts';
import type { ReportSchedule } from '../../../events/contexts/reports.ts';

/** A problem with a schedule, naming the field to fix (`schedule.cron`). */
export interface ScheduleProblem {
  path: string;
  message: string;
}

const CRON = /^cron\((\S+( \S+){5})\)$/;

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * What zod cannot check of a schedule: a cron EventBridge Scheduler reads, an IANA zone, a condition
 * on a value the report computes, webhook endpoints that exist and are active.
 */
export const scheduleProblems = (
  schedule: ReportSchedule,
  definition: ReportDefinition,
  options: { today: string; endpointActive: (id: string) => boolean },
): ScheduleProblem[] => {
  const problems: ScheduleProblem[] = [];
  const cron = CRON.exec(schedule.cron);
  let cronOk = Boolean(cron);
  if (cron) {
    try {
      awsCronParser.parse(cron[1]!);
    } catch {
      cronOk = false;
    }
  }
  if (!cronOk)
    problems.push({
      path: 'schedule.cron',
      message:
        'A schedule is cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 8 ? * MON *)',
    });
  if (!validZone(schedule.timezone))
    problems.push({ path: 'schedule.timezone', message: `"${schedule.timezone}" is not an IANA time zone` });
  if (new Set(schedule.formats).size !== schedule.formats.length)
    problems.push({ path: 'schedule.formats', message: 'Each format once' });
  schedule.recipients.forEach((recipient, i) => {
    if (recipient.kind === 'webhook' && !options.endpointActive(recipient.endpointId))
      problems.push({
        path: `schedule.recipients[${i}].endpointId`,
        message: `No active outbound webhook endpoint ${recipient.endpointId}`,
      });
  });
  if (schedule.condition) {
    const values = compile(definition, { dialect: 'duckdb', today: options.today })
      .columns.filter((c) => c.role === 'value' || c.role === 'calculation')
      .map((c) => c.name);
    if (!values.includes(schedule.condition.value))
      problems.push({
        path: 'schedule.condition.value',
        message: `The report has no value "${schedule.condition.value}"${values.length ? ` (it has ${values.join(', ')})` : ''}`,
      });
  }
  return problems;
};
