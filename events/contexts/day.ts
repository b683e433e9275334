import * as z from 'zod';

/**
 * A calendar day (YYYY-MM-DD) in business time. Decisions that depend on dates (expiry, lateness) read
 * them from the command and record them in the event, so deciders stay pure and replays stay exact.
 */
export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-04-30');
