import * as z from 'zod';

/** A calendar day in a request: the format and a real date (no February 30th). */
export const DayInput = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-04-30')
  .refine((day) => {
    const date = new Date(`${day}T00:00:00.000Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
  }, 'Not a real calendar date')
  .meta({ id: 'Day', format: 'date', description: 'A calendar day, YYYY-MM-DD' });

/** When a business fact happened, for recording it after the fact; defaults to today. */
export const On = DayInput.optional().meta({
  description: 'The day it happened (YYYY-MM-DD); defaults to today',
});

/**
 * Free text a person types: trimmed, then 1 to `max` characters. The description says `pattern: \S`
 * (something besides spaces), which is what trimming to at least one character asks.
 */
export const Text = (max: number) => z.string().trim().min(1).max(max).meta({ pattern: '\\S' });

export const Reason = Text(500);
export const Note = Text(1000);
export const Count = z.number().int().min(0).max(1_000_000);
export const Quantity = z.number().int().min(1).max(1_000_000);

/** A material line as requests and responses carry it. */
export const MaterialBody = z
  .object({
    itemId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Item ids are 1-64 letters, digits, _ or -'),
    quantity: Quantity,
  })
  .strict()
  .meta({ id: 'Material' });
