/**
 * Business hours for the off-hours rule: an IANA time zone, an hour range `7-19` (07:00 to 18:59) and a
 * weekday range `1-5` (ISO weekdays, Monday = 1). Pure: the time zone arithmetic is Intl's.
 */
export interface BusinessHours {
  timeZone: string;
  hours: string;
  days: string;
}

const range = (text: string, min: number, max: number): [number, number] => {
  const match = /^\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$/.exec(text);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (!match || from < min || to > max || from > to)
    throw new RangeError(`Not a range ${min}-${max}: ${text}`);
  return [from, to];
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export interface LocalTime {
  /** ISO weekday, Monday = 1. */
  weekday: number;
  hour: number;
  minute: number;
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
}

// Making a DateTimeFormat costs far more than formatting with one (it loads the zone's rules), and the
// detector asks for every event it sees: one formatter per zone, kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

export const localTime = (at: Date, timeZone: string): LocalTime => {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
};

export const isBusinessTime = (at: Date, hours: BusinessHours): boolean => {
  const [fromHour, toHour] = range(hours.hours, 0, 24);
  const [fromDay, toDay] = range(hours.days, 1, 7);
  const local = localTime(at, hours.timeZone);
  return local.weekday >= fromDay && local.weekday <= toDay && local.hour >= fromHour && local.hour < toHour;
};

export const describeHours = (hours: BusinessHours): string => {
  const [fromHour, toHour] = range(hours.hours, 0, 24);
  const [fromDay, toDay] = range(hours.days, 1, 7);
  const day = (n: number) => Object.keys(WEEKDAYS)[n - 1];
  const hh = (n: number) => `${String(n).padStart(2, '0')}:00`;
  return `${day(fromDay)}–${day(toDay)} ${hh(fromHour)}–${hh(toHour)} ${hours.timeZone}`;
};
