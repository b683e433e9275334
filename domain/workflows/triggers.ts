import { eventCatalog } from '../../events/catalog.ts';

/**
 * The event types that may start a workflow: the whole catalog but workflows' own events, which runs
 * cause (a workflow started by run events could start itself without end).
 */
export const triggerEventTypes = (): { type: string; summary: string; context: string }[] =>
  [...eventCatalog.values()]
    .filter((d) => d.context !== 'workflows')
    .map((d) => ({ type: d.type, summary: d.summary, context: d.context }));

export const isTriggerEventType = (type: string): boolean => {
  const definition = eventCatalog.get(type);
  return definition !== undefined && definition.context !== 'workflows';
};
