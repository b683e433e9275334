import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { Handle, type NodeProps, Position } from '@xyflow/react';
import type { FlowNode, StepNode, TriggerNode } from './flow';
import { TARGET_HANDLE } from './flow';
import { KIND_LABELS, PORT_LABELS, portsOf } from './graph';

const describeTrigger = (trigger: TriggerNode['data']['trigger']) => {
  switch (trigger.kind) {
    case 'event':
      return `${trigger.eventType || 'Pick an event'}${trigger.when ? ' (with conditions)' : ''}`;
    case 'schedule':
      return trigger.expression;
    case 'webhook':
      return 'Inbound webhook';
    case 'manual':
      return 'Run by hand';
  }
};

const ProblemBadge = ({ problems }: { problems: string[] }) =>
  problems.length ? (
    <Badge color="red" size="sm" variant="filled" title={problems.join('\n')} data-testid="step-problems">
      {problems.length} {problems.length === 1 ? 'problem' : 'problems'}
    </Badge>
  ) : null;

const frame = (selected: boolean, problems: number, dimmed = false) => ({
  minWidth: 180,
  maxWidth: 240,
  padding: '8px 10px 14px',
  borderRadius: 8,
  background: 'var(--mantine-color-body)',
  border: `2px solid var(--mantine-color-${problems ? 'red-6' : selected ? 'blue-6' : 'gray-4'})`,
  // Not reached from the trigger: a dashed border (not faded, so its text keeps its contrast).
  borderStyle: dimmed ? 'dashed' : 'solid',
});

export const TriggerNodeView = ({ data, selected }: NodeProps<TriggerNode>) => (
  <div style={frame(selected, data.problems.length)} data-testid="trigger-node">
    <Group gap={6} wrap="nowrap">
      <IconBolt size={16} aria-hidden />
      <Stack gap={0}>
        <Text size="xs" c="dimmed">
          Trigger
        </Text>
        <Text size="sm" fw={600}>
          {describeTrigger(data.trigger)}
        </Text>
      </Stack>
    </Group>
    <ProblemBadge problems={data.problems} />
    <Handle type="source" position={Position.Bottom} id="next" title="Drag to the first step" />
  </div>
);

const PORT_COLORS = {
  next: 'gray',
  ifTrue: 'green',
  ifFalse: 'orange',
  onError: 'red',
  branch: 'violet',
} as const;

export const StepNodeView = ({ data, selected }: NodeProps<StepNode>) => {
  const { step, problems } = data;
  const ports = portsOf(step.kind);
  return (
    <div
      style={frame(selected, problems.length, data.unreachable)}
      data-testid="step-node"
      data-step-id={step.id}
      data-kind={step.kind}
    >
      <Handle type="target" position={Position.Top} id={TARGET_HANDLE} title="Drop a connection here" />
      <Text size="xs" c="dimmed">
        {KIND_LABELS[step.kind]}
        {data.unreachable ? ' · not reached' : ''}
      </Text>
      <Text size="sm" fw={600} lineClamp={2}>
        {step.name}
      </Text>
      <ProblemBadge problems={problems} />
      <Group gap={4} justify="space-around" mt={4} wrap="nowrap">
        {ports.map((port) => (
          <Text key={port} size="10px">
            {PORT_LABELS[port]}
          </Text>
        ))}
      </Group>
      {ports.map((port, i) => (
        <Handle
          key={port}
          type="source"
          position={Position.Bottom}
          id={port}
          title={`${PORT_LABELS[port]}: drag to the step it leads to`}
          data-port={port}
          style={{
            left: `${((i + 1) / (ports.length + 1)) * 100}%`,
            background: `var(--mantine-color-${PORT_COLORS[port]}-6)`,
            width: 10,
            height: 10,
          }}
        />
      ))}
    </div>
  );
};

export const nodeTypes = { step: StepNodeView, trigger: TriggerNodeView } satisfies Record<
  FlowNode['type'] & string,
  unknown
>;
