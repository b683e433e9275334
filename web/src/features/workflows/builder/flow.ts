import type { Edge, Node } from '@xyflow/react';
import type { Step, Trigger, WorkflowDefinition } from '../definition.ts';
import {
  allLinks,
  type Link,
  linkId,
  PORT_LABELS,
  type Port,
  TRIGGER_NODE,
  triggerPosition,
  unreachable,
} from './graph.ts';

/** A step's node: the step, and what the canvas marks on it. */
export type StepNodeData = { step: Step; problems: string[]; unreachable: boolean };
export type TriggerNodeData = { trigger: Trigger; problems: string[] };
export type StepNode = Node<StepNodeData, 'step'>;
export type TriggerNode = Node<TriggerNodeData, 'trigger'>;
export type FlowNode = StepNode | TriggerNode;
export type FlowEdge = Edge<{ port: Port; index?: number }>;

/** The one target handle of every step. */
export const TARGET_HANDLE = 'in';

const edgeLabel = (link: Link) =>
  link.source === TRIGGER_NODE
    ? undefined
    : link.port === 'branch'
      ? `Branch ${(link.index ?? 0) + 1}`
      : PORT_LABELS[link.port];

/**
 * The canvas's nodes and edges for a definition: the trigger above the first step, one node per step, one
 * edge per port in use (labelled with it). `problems` maps a step id (or the trigger's node) to its
 * validation problems, drawn as a badge.
 */
export const toFlow = (
  def: WorkflowDefinition,
  problems: ReadonlyMap<string, string[]> = new Map(),
  selected?: string,
): { nodes: FlowNode[]; edges: FlowEdge[] } => {
  const lost = unreachable(def);
  const trigger: TriggerNode = {
    id: TRIGGER_NODE,
    type: 'trigger',
    position: triggerPosition(def),
    data: { trigger: def.trigger, problems: problems.get(TRIGGER_NODE) ?? [] },
    deletable: false,
    selected: selected === TRIGGER_NODE,
  };
  const steps: StepNode[] = def.steps.map((step) => ({
    id: step.id,
    type: 'step',
    position: step.position,
    data: { step, problems: problems.get(step.id) ?? [], unreachable: lost.has(step.id) },
    selected: selected === step.id,
  }));
  const edges: FlowEdge[] = allLinks(def).map((link) => ({
    id: linkId(link),
    source: link.source,
    sourceHandle: link.port,
    target: link.target,
    targetHandle: TARGET_HANDLE,
    label: edgeLabel(link),
    data: { port: link.port, ...(link.index === undefined ? {} : { index: link.index }) },
    className: `wf-edge-${link.port}`,
  }));
  return { nodes: [trigger, ...steps], edges };
};

/** The link an edge draws, for removing it. */
export const linkOfEdge = (edge: FlowEdge): Omit<Link, 'target'> => ({
  source: edge.source,
  port: edge.data?.port ?? 'next',
  ...(edge.data?.index === undefined ? {} : { index: edge.data.index }),
});
