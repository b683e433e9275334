import { ORDER_STAGES, type OrderStage } from '../api/types';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** Money is integer cents in the API; shown in dollars. */
export const money = (cents: number): string => usd.format(cents / 100);

/** Dollars typed into a form, to the API's integer cents (rounded, so 19.999 cannot sneak through). */
export const toCents = (dollars: number | string | undefined): number =>
  Math.round(Number(dollars ?? 0) * 100);

export const fromCents = (cents: number): number => cents / 100;

const absoluteFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });
export const absoluteTime = (iso: string): string => absoluteFormat.format(new Date(iso));

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago": the largest whole unit, formatted by the platform's Intl.RelativeTimeFormat. */
export const relativeTime = (iso: string, now = Date.now()): string => {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 10 ? 'just now' : relativeFormat.format(seconds, 'second');
};

export const STAGE_LABELS: Record<OrderStage, string> = {
  quote: 'Quote',
  deposit_paid: 'Deposit paid',
  in_build: 'In build',
  ready: 'Ready',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** Stage colours; each is paired with a text label, so colour never carries meaning alone. */
export const STAGE_COLORS: Record<OrderStage, string> = {
  quote: 'gray',
  deposit_paid: 'blue',
  in_build: 'orange',
  ready: 'teal',
  delivered: 'green',
  cancelled: 'red',
};

/** The stages an order moves through, in order; cancelled is a side exit. */
export const PIPELINE: OrderStage[] = ORDER_STAGES.filter((stage) => stage !== 'cancelled');

/** The short tail of a time-ordered id, enough to tell records apart on screen. */
export const shortId = (id: string): string => (id.length > 8 ? `…${id.slice(-6)}` : id);

export const roleLabel = (role: string): string => role.charAt(0).toUpperCase() + role.slice(1);

/** An API enum value in words: "paid_social" → "Paid social". */
export const enumLabel = (value: string): string => {
  const words = value.replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const monthFormat = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
/** "2026-11" → "Nov 2026". */
export const monthLabel = (month: string): string => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
export const percent = (ratio: number): string => percentFormat.format(ratio);
