import { listIndexName, listKeyAttribute, MAX_LIST_FILTERS } from '../tables.ts';

/**
 * How a view's rows are found without filtering after a page limit: the exact-match filters its list
 * offers, in a fixed order (each filter's bit in the index mask, see functions/tables.ts), and the
 * words of its rows' search text, kept as index items beside the rows.
 */
export interface ListIndex {
  readonly view: string;
  readonly filters: readonly string[];
}

/** DynamoDB refuses index partition keys over 2,048 bytes: a longer value is not indexed (nor can match). */
const MAX_KEY_BYTES = 2048;

const keyValue = (view: string, values: readonly string[]) => JSON.stringify([view, ...values]);

const checked = (index: ListIndex) => {
  if (index.filters.length > MAX_LIST_FILTERS)
    throw new Error(
      `${index.view} names ${index.filters.length} filters; the views table indexes ${MAX_LIST_FILTERS}`,
    );
  return index.filters;
};

/**
 * The list-key attributes of a row: one per combination of the view's filters whose fields the state
 * holds as non-empty strings (other rows are absent from that sparse index, as no filter value matches them).
 */
export const listKeysOf = (index: ListIndex, state: unknown): Record<string, string> => {
  const filters = checked(index);
  const fields = (state ?? {}) as Record<string, unknown>;
  const keys: Record<string, string> = {};
  for (let mask = 1; mask < 2 ** filters.length; mask++) {
    const values: string[] = [];
    for (const [bit, name] of filters.entries()) {
      if (!(mask & (1 << bit))) continue;
      const value = fields[name];
      if (typeof value === 'string' && value !== '') values.push(value);
      else break;
    }
    if (values.length !== popcount(mask)) continue;
    const value = keyValue(index.view, values);
    if (Buffer.byteLength(value) <= MAX_KEY_BYTES) keys[listKeyAttribute(mask)] = value;
  }
  return keys;
};

const popcount = (mask: number) => mask.toString(2).replaceAll('0', '').length;

/**
 * The sparse index and key that answer exact matches on `where`; undefined when nothing is filtered.
 * A name the view does not index is a programming error: a list never falls back to filtering a page.
 */
export const listKeyFor = (
  index: ListIndex,
  where: Readonly<Record<string, string>>,
): { indexName: string; attribute: string; value: string } | undefined => {
  const filters = checked(index);
  const unknown = Object.keys(where).filter((name) => !filters.includes(name));
  if (unknown.length) throw new Error(`${index.view} has no list index on ${unknown.join(', ')}`);
  let mask = 0;
  const values: string[] = [];
  for (const [bit, name] of filters.entries()) {
    const value = where[name];
    if (value === undefined || value === '') continue;
    mask |= 1 << bit;
    values.push(value);
  }
  if (mask === 0) return undefined;
  return {
    indexName: listIndexName(mask),
    attribute: listKeyAttribute(mask),
    value: keyValue(index.view, values),
  };
};

/** Words longer than this are indexed (and looked up) by their first characters only. */
const MAX_WORD = 64;

/**
 * The words of a searchable text: runs of letters and digits, lower-cased and without accents, each
 * once. A search matches a record when each of its words starts a word of the record's text.
 */
export const wordsOf = (text: string): string[] => {
  const plain = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  return [...new Set((plain.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.slice(0, MAX_WORD)))];
};

/**
 * The words of a text the search index holds: those that do not start another of its words ("wilson"
 * goes with "wilson649"), as a search for any start of the shorter finds the longer. Fewer items to
 * write, same matches.
 */
export const indexedWordsOf = (text: string): string[] => {
  const words = wordsOf(text);
  return words.filter((word) => !words.some((other) => other !== word && other.startsWith(word)));
};

/** The partition holding a view's search index: one item per (word, record), keyed `<word> <id>`. */
export const wordsPartition = (view: string) => `${view}#words`;

/** A word item's sort key. The space sorts below every letter and digit, so `ada` precedes `adams`. */
export const wordKey = (word: string, id: string) => `${word} ${id}`;

export const parseWordKey = (key: string): { word: string; id: string } => {
  const space = key.indexOf(' ');
  return { word: key.slice(0, space), id: key.slice(space + 1) };
};
