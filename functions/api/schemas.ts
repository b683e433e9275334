import * as z from 'zod';
import { MAX_AMOUNT_CENTS } from '../../domain/shared/money.ts';
import { Envelope } from '../../events/envelope.ts';
import { Text } from '../http/inputs.ts';

/** Schemas shared by every API: paging, ids, the event history. Each registers an OpenAPI component. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'Ids are 1-64 letters, digits, _ or -')
  .meta({ description: 'Record id' });

/**
 * An email address as requests give it: trimmed and lower-cased, then checked. The description says
 * `format: email` (the pipe's input alone would describe any string).
 */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address'))
  .pipe(z.string().max(254))
  .meta({ format: 'email', maxLength: 254, description: 'An email address' });

/** A record's display name: a person, business, model, item or campaign. */
export const Name = Text(120);

export const IdParams = z.object({ id: Id }).strict();

/**
 * An http(s) URL without credentials whose host a URL parser accepts: a name whose last label starts
 * with a letter (a numeric one would be read as an IPv4 address), or an IPv4 address, and an optional
 * port. Described by the same pattern, so a client generated from the description sends only URLs the
 * API can parse.
 */
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const PORT = '(?::(?:6553[0-5]|655[0-2]\\d|65[0-4]\\d{2}|6[0-4]\\d{3}|[1-5]\\d{4}|[1-9]\\d{0,3}))?';
export const HTTP_URL = new RegExp(
  `^https?://(?:(?:${LABEL}\\.)*[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?|${OCTET}(?:\\.${OCTET}){3})${PORT}(?:/\\S*)?$`,
);
export const HttpUrl = (max: number) =>
  z.string().max(max).regex(HTTP_URL, 'An http or https URL, without credentials');

export const PageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Rows per page (1-100)' }),
    cursor: z.string().max(2048).optional().meta({ description: 'Opaque cursor from the previous page' }),
    search: z.string().max(100).optional().meta({
      description:
        'Words to look for: a record matches when each starts one of its words (case and accents ignored)',
    }),
    order: z
      .enum(['newest', 'oldest'])
      .default('newest')
      .meta({ description: 'Newest first (the default) or oldest first, by when the record was created' }),
  })
  .strict();

export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().optional().meta({ description: 'Present when more rows may follow' }),
    })
    .meta({ id });

export const Cents = z
  .number()
  .int()
  .min(0)
  .max(MAX_AMOUNT_CENTS)
  .meta({ description: 'Amount in US cents' });

/** A sum over many records (a report's revenue, a campaign's spend): not bounded by what one record holds. */
export const TotalCents = z.number().int().min(0).meta({ description: 'Sum of amounts, in US cents' });

export const Meta = {
  version: z
    .number()
    .int()
    .meta({ description: 'Aggregate version: send it back in If-Match to change the record' }),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** An event as stored: the envelope of events/envelope.ts, described once. */
export const EventRecord = Envelope.meta({ id: 'Event' });

export const EventHistory = z.object({ items: z.array(EventRecord) }).meta({ id: 'EventHistory' });

/**
 * The commands the caller may take next on a record: those its state allows (the aggregate's decider
 * would accept them) and the caller's role may take (the permission of each command's route).
 */
export const actionsOf = <const T extends readonly [string, ...string[]]>(vocabulary: T, id: string) =>
  z.array(z.enum(vocabulary).meta({ id })).meta({
    description:
      "The commands the caller may take next on this record, given its state and the caller's role",
  });
