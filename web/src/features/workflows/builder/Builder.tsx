import '@xyflow/react/dist/style.css';
import './builder.css';
import { Badge, Button, Card, Grid, Group, Select, Stack, Text, Title } from '@mantine/core';
import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  type EdgeChange,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react';
import { type DragEvent, useEffect, useMemo, useState } from 'react';
import type { StepKind, WorkflowDefinition } from '../definition';
import { availableFields, type BuilderMeta } from './fields';
import { type FlowEdge, type FlowNode, linkOfEdge, toFlow } from './flow';
import {
  addStep,
  connect,
  disconnect,
  KIND_LABELS,
  moveStep,
  type Port,
  removeStep,
  STEP_KINDS,
  stepById,
  TRIGGER_NODE,
  updateStep,
} from './graph';
import { nodeTypes } from './nodes';
import { StepPanel } from './StepForms';
import { TriggerPanel } from './TriggerPanel';

/** A validation problem as the builder shows it: on its step (or the trigger) and in the list. */
export interface BuilderProblem {
  stepId?: string;
  field?: string;
  message: string;
}

/** The palette's drag data type: a step kind dropped on the canvas. */
const DRAG_TYPE = 'application/x-firefly-step';

const problemsByNode = (problems: BuilderProblem[]) => {
  const map = new Map<string, string[]>();
  for (const p of problems) {
    const node = p.stepId ?? TRIGGER_NODE;
    map.set(node, [...(map.get(node) ?? []), p.field ? `${p.field}: ${p.message}` : p.message]);
  }
  return map;
};

interface BuilderProps {
  definition: WorkflowDefinition;
  onChange: (next: WorkflowDefinition) => void;
  meta: BuilderMeta;
  problems: BuilderProblem[];
}

const Palette = ({ onAdd, selectedName }: { onAdd: (kind: StepKind) => void; selectedName?: string }) => (
  <Stack gap={6} role="group" aria-labelledby="palette-heading">
    <Title order={2} size="h5" id="palette-heading">
      Steps
    </Title>
    <Text size="xs" c="dimmed">
      Drag onto the canvas, or press to add {selectedName ? `after “${selectedName}”` : 'one'}.
    </Text>
    {STEP_KINDS.map((kind) => (
      <Button
        key={kind}
        variant="default"
        size="xs"
        justify="flex-start"
        draggable
        data-kind={kind}
        onDragStart={(event: DragEvent<HTMLButtonElement>) => {
          event.dataTransfer.setData(DRAG_TYPE, kind);
          event.dataTransfer.effectAllowed = 'move';
        }}
        onClick={() => onAdd(kind)}
        aria-label={`Add step: ${KIND_LABELS[kind]}`}
      >
        {KIND_LABELS[kind]}
      </Button>
    ))}
  </Stack>
);

const Canvas = ({ definition, onChange, meta, problems }: BuilderProps) => {
  const [selected, setSelected] = useState<string>(TRIGGER_NODE);
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const byNode = useMemo(() => problemsByNode(problems), [problems]);
  const built = useMemo(() => toFlow(definition, byNode, selected), [definition, byNode, selected]);
  const [nodes, setNodes] = useState<FlowNode[]>(built.nodes);
  const [edges, setEdges] = useState<FlowEdge[]>(built.edges);
  // The definition is the truth; the canvas keeps only what React Flow measured of each node.
  useEffect(() => {
    setNodes((prev) =>
      built.nodes.map((n) => {
        const old = prev.find((p) => p.id === n.id);
        return (old?.measured ? { ...n, measured: old.measured } : n) as FlowNode;
      }),
    );
    setEdges(built.edges);
  }, [built]);

  const fields = useMemo(() => availableFields(definition, meta), [definition, meta]);
  const seeds = { field: fields[0]?.path, role: meta.roles.includes('manager') ? 'manager' : meta.roles[0] };
  const step = selected === TRIGGER_NODE ? undefined : stepById(definition, selected);

  const add = (kind: StepKind, position?: { x: number; y: number }) => {
    const after = position || !step ? undefined : step.id;
    const added = addStep(definition, kind, {
      ...(position ? { position } : {}),
      ...(after ? { after } : {}),
      seeds,
    });
    onChange(added.def);
    setSelected(added.id);
  };

  const onNodesChange = (changes: NodeChange<FlowNode>[]) => {
    setNodes((ns) =>
      applyNodeChanges(
        changes.filter((c) => c.type !== 'remove'),
        ns,
      ),
    );
    for (const c of changes) {
      if (c.type === 'select' && c.selected) setSelected(c.id);
      if (c.type === 'position' && c.position && !c.dragging && c.id !== TRIGGER_NODE)
        onChange(moveStep(definition, c.id, c.position));
    }
  };
  const onEdgesChange = (changes: EdgeChange<FlowEdge>[]) =>
    setEdges((es) =>
      applyEdgeChanges(
        changes.filter((c) => c.type !== 'remove'),
        es,
      ),
    );

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 2 }}>
        <Palette onAdd={(kind) => add(kind)} selectedName={step?.name} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Card
          withBorder
          padding={0}
          style={{ height: 620 }}
          data-testid="workflow-canvas"
          aria-label="Workflow canvas"
          component="section"
        >
          <ReactFlow<FlowNode, FlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={(c) =>
              c.source &&
              c.target &&
              onChange(connect(definition, c.source, (c.sourceHandle ?? 'next') as Port, c.target))
            }
            onDelete={({ nodes: gone, edges: cut }) => {
              let next = definition;
              for (const n of gone) if (n.id !== TRIGGER_NODE) next = removeStep(next, n.id);
              const removed = new Set(gone.map((n) => n.id));
              for (const e of cut)
                if (!removed.has(e.source) && !removed.has(e.target)) next = disconnect(next, linkOfEdge(e));
              onChange(next);
              if (removed.has(selected)) setSelected(TRIGGER_NODE);
            }}
            onDragOver={(event) => {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
            }}
            onDrop={(event) => {
              event.preventDefault();
              const kind = event.dataTransfer.getData(DRAG_TYPE) as StepKind;
              if (!STEP_KINDS.includes(kind)) return;
              add(kind, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
            }}
            onPaneClick={() => setSelected(TRIGGER_NODE)}
            fitView
            fitViewOptions={{ maxZoom: 1 }}
            minZoom={0.3}
            deleteKeyCode={['Delete', 'Backspace']}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Card withBorder padding="md" component="section" aria-labelledby="panel-heading">
          <Stack gap="sm">
            <Title order={2} size="h5" id="panel-heading">
              Configure
            </Title>
            <Select
              label="Selected"
              data={[
                { value: TRIGGER_NODE, label: 'Trigger' },
                ...definition.steps.map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })),
              ]}
              value={step ? step.id : TRIGGER_NODE}
              allowDeselect={false}
              onChange={(id) => id && setSelected(id)}
            />
            {step ? (
              <StepPanel
                key={step.id}
                step={step}
                def={definition}
                fields={fields}
                meta={meta}
                problems={byNode.get(step.id) ?? []}
                onStep={(next) => onChange(updateStep(definition, next))}
                onDefinition={onChange}
                onRemove={() => {
                  onChange(removeStep(definition, step.id));
                  setSelected(TRIGGER_NODE);
                }}
              />
            ) : (
              <TriggerPanel
                def={definition}
                meta={meta}
                problems={byNode.get(TRIGGER_NODE) ?? []}
                onDefinition={onChange}
              />
            )}
          </Stack>
        </Card>
      </Grid.Col>
      <Grid.Col span={12}>
        <ProblemList problems={problems} definition={definition} onPick={setSelected} />
      </Grid.Col>
    </Grid>
  );
};

/** Every problem validation found, each a button that selects its step. */
const ProblemList = ({
  problems,
  definition,
  onPick,
}: {
  problems: BuilderProblem[];
  definition: WorkflowDefinition;
  onPick: (id: string) => void;
}) => (
  <Card
    withBorder
    padding="md"
    component="section"
    aria-labelledby="problems-heading"
    data-testid="workflow-problems"
  >
    <Group gap="xs" mb="xs">
      <Title order={2} size="h5" id="problems-heading">
        Problems
      </Title>
      <Badge
        color={problems.length ? 'red' : 'green'}
        variant="light"
        data-testid="problem-count"
        data-count={problems.length}
      >
        {problems.length ? problems.length : 'None'}
      </Badge>
    </Group>
    {problems.length === 0 ? (
      <Text size="sm" c="dimmed">
        Nothing stands in the way of publishing.
      </Text>
    ) : (
      <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {problems.map((p) => {
          const step = p.stepId ? stepById(definition, p.stepId) : undefined;
          return (
            <li key={`${p.stepId}-${p.field}-${p.message}`}>
              <Button
                variant="subtle"
                size="compact-sm"
                color="red"
                onClick={() => onPick(p.stepId ?? TRIGGER_NODE)}
                style={{ whiteSpace: 'normal', height: 'auto' }}
              >
                {step ? step.name : p.stepId ? p.stepId : 'Trigger'}
                {p.field ? ` · ${p.field}` : ''}: {p.message}
              </Button>
            </li>
          );
        })}
      </Stack>
    )}
  </Card>
);

/** The workflow builder: palette, canvas and side panel. Loaded only when a workflow's builder opens. */
export default function Builder(props: BuilderProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
