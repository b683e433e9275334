import {
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { ApiError } from '../../../api/problem';
import { FormProblem } from '../../../components/ProblemAlert';
import { type ReportSchedule, type SavedReport, useReportChanges } from './api';

const FORMATS = ['csv', 'xlsx', 'json', 'sql'] as const;

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * A saved report's schedule: when (EventBridge Scheduler's cron, in a time zone), which files, to whom
 * (addresses, with a link or the files attached; outbound webhook endpoints by id), and the condition
 * that must hold for anything to be sent.
 */
export const SchedulePanel = ({ report }: { report: SavedReport }) => {
  const current = report.schedule;
  const changes = useReportChanges(report);
  const [cron, setCron] = useState(current?.cron ?? 'cron(0 8 ? * MON *)');
  const [timezone, setTimezone] = useState(
    current?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC',
  );
  const [formats, setFormats] = useState<string[]>(current?.formats ?? ['csv']);
  const [gzip, setGzip] = useState(current?.compression === 'gzip');
  const emails = current?.recipients.flatMap((r) => (r.kind === 'email' ? [r] : [])) ?? [];
  const [addresses, setAddresses] = useState(emails.map((r) => r.address).join(', '));
  const [mode, setMode] = useState<'link' | 'attachment'>(emails[0]?.mode ?? 'link');
  const [webhooks, setWebhooks] = useState(
    current?.recipients.flatMap((r) => (r.kind === 'webhook' ? [r.endpointId] : [])).join(', ') ?? '',
  );
  const [conditionOn, setConditionOn] = useState(Boolean(current?.condition));
  const [conditionValue, setConditionValue] = useState(current?.condition?.value ?? '');
  const [percent, setPercent] = useState<number>(current?.condition?.percent ?? 10);

  const schedule = (): ReportSchedule => ({
    cron,
    timezone,
    formats: formats as ReportSchedule['formats'],
    compression: gzip ? 'gzip' : 'none',
    recipients: [
      ...lines(addresses).map((address) => ({ kind: 'email' as const, address, mode })),
      ...lines(webhooks).map((endpointId) => ({ kind: 'webhook' as const, endpointId })),
    ],
    ...(conditionOn ? { condition: { kind: 'falls-by' as const, value: conditionValue, percent } } : {}),
  });
  const error = (changes.schedule.error ?? changes.unschedule.error ?? changes.run.error) as ApiError | null;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Schedule</Title>
        <Text size="sm" c="dimmed">
          {current ? `Runs ${current.cron} (${current.timezone})` : 'Not scheduled'}
        </Text>
        <Group grow>
          <TextInput label="Cron" value={cron} onChange={(e) => setCron(e.currentTarget.value)} />
          <TextInput
            label="Time zone"
            value={timezone}
            onChange={(e) => setTimezone(e.currentTarget.value)}
          />
        </Group>
        <Checkbox.Group label="Formats" value={formats} onChange={setFormats}>
          <Group mt={4}>
            {FORMATS.map((f) => (
              <Checkbox key={f} value={f} label={f.toUpperCase()} />
            ))}
          </Group>
        </Checkbox.Group>
        <Checkbox label="Compress (gzip)" checked={gzip} onChange={(e) => setGzip(e.currentTarget.checked)} />
        <TextInput
          label="Email to"
          description="Addresses, separated by commas"
          value={addresses}
          onChange={(e) => setAddresses(e.currentTarget.value)}
        />
        <SegmentedControl
          aria-label="Email with"
          value={mode}
          onChange={(v) => setMode(v as 'link' | 'attachment')}
          data={[
            { value: 'link', label: 'Links to the files' },
            { value: 'attachment', label: 'Files attached' },
          ]}
        />
        <TextInput
          label="Webhook endpoints"
          description="Outbound endpoint ids, separated by commas"
          value={webhooks}
          onChange={(e) => setWebhooks(e.currentTarget.value)}
        />
        <Checkbox
          label="Only when a value falls"
          checked={conditionOn}
          onChange={(e) => setConditionOn(e.currentTarget.checked)}
        />
        {conditionOn && (
          <Group grow>
            <TextInput
              label="Value"
              value={conditionValue}
              onChange={(e) => setConditionValue(e.currentTarget.value)}
            />
            <NumberInput
              label="Falls by more than (%)"
              value={percent}
              min={1}
              max={100}
              onChange={(v) => setPercent(Number(v))}
            />
          </Group>
        )}
        <FormProblem error={error ?? undefined} />
        <Group>
          <Button loading={changes.schedule.isPending} onClick={() => changes.schedule.mutate(schedule())}>
            Save schedule
          </Button>
          {current && (
            <Button
              variant="default"
              loading={changes.unschedule.isPending}
              onClick={() => changes.unschedule.mutate()}
            >
              Remove schedule
            </Button>
          )}
          <Button variant="light" loading={changes.run.isPending} onClick={() => changes.run.mutate()}>
            Run now
          </Button>
        </Group>
      </Stack>
    </Card>
  );
};
