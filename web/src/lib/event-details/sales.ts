import type { EventDetails } from './types';

/** What the timeline says about the sales contexts' events, by event type. */
export const salesEventDetails: EventDetails = {};
