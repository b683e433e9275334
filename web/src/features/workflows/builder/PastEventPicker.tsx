import { Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { type Resource, useRecordEvents } from '../../../api/queries';
import { absoluteTime } from '../../../lib/format';

/** Records whose history holds the events workflows start on, by the word people use for them. */
const RECORDS: { value: Resource; label: string }[] = [
  { value: 'leads', label: 'Lead' },
  { value: 'customers', label: 'Customer' },
  { value: 'quotes', label: 'Quote' },
  { value: 'orders', label: 'Order' },
  { value: 'builds', label: 'Build' },
  { value: 'shipments', label: 'Shipment' },
  { value: 'items', label: 'Item' },
  { value: 'purchase-orders', label: 'Purchase order' },
  { value: 'campaigns', label: 'Campaign' },
  { value: 'suppliers', label: 'Supplier' },
  { value: 'models', label: 'Model' },
];

/**
 * A real past event as a test run's input: a record (its kind and id, as in its page's address), then
 * one of its events of the trigger's type; the event's data becomes the run's `$.trigger.data`.
 */
export const PastEventPicker = ({
  eventType,
  onPick,
  error,
}: {
  eventType: string | undefined;
  onPick: (data: Record<string, unknown> | undefined) => void;
  error?: string;
}) => {
  const [resource, setResource] = useState<Resource>('leads');
  const [typed, setTyped] = useState('');
  const [id] = useDebouncedValue(typed.trim(), 300);
  const events = useRecordEvents(resource, id, id !== '');
  const matching = (events.data?.items ?? []).filter((e) => !eventType || e.type === eventType);
  return (
    <Stack gap="xs">
      <Group gap="xs" grow>
        <Select
          label="Record"
          data={RECORDS}
          value={resource}
          allowDeselect={false}
          onChange={(r) => {
            if (r) setResource(r as Resource);
            onPick(undefined);
          }}
        />
        <TextInput label="Its id" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} />
      </Group>
      <Select
        label="Event"
        placeholder={
          id === ''
            ? 'Give the record first'
            : events.isPending
              ? 'Loading its history…'
              : matching.length
                ? 'Pick one'
                : `It has no ${eventType ?? ''} event`
        }
        data={matching.map((e) => ({ value: e.id, label: `${e.type} · ${absoluteTime(e.occurredAt)}` }))}
        onChange={(eventId) => onPick(matching.find((e) => e.id === eventId)?.data)}
        error={error ?? (events.isError ? 'Could not read that record’s history' : undefined)}
      />
      <Text size="xs" c="dimmed">
        Reading a record's history needs the events permission.
      </Text>
    </Stack>
  );
};
