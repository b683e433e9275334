/**
 * Calendar arithmetic on business days written as YYYY-MM-DD. Deciders take "today" from the command
 * rather than the clock, so the same commands always decide the same way (and history can be replayed
 * or generated for any date).
 */
export type Day = string;

const MS_PER_DAY = 86_400_000;

export const dayOf = (date: Date): Day => date.toISOString().slice(0, 10);

export const toDate = (day: Day): Date => new Date(`${day}T00:00:00.000Z`);

export const addDays = (day: Day, days: number): Day =>
  dayOf(new Date(toDate(day).getTime() + days * MS_PER_DAY));

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export const daysBetween = (from: Day, to: Day): number =>
  Math.round((toDate(to).getTime() - toDate(from).getTime()) / MS_PER_DAY);

export const monthOf = (day: Day): string => day.slice(0, 7);
