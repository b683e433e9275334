/** Facts worth reading in an event's data, per event type: short phrases the timeline joins. */
export type EventDetails = Record<string, (data: Record<string, unknown>) => (string | undefined | false)[]>;
