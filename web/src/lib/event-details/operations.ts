import type { EventDetails } from './types';

/** What the timeline says about the operations contexts' events, by event type. */
export const operationsEventDetails: EventDetails = {};
