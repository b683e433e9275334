import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ListIndex, listKeysOf, wordsOf } from '../../../functions/adapters/list-index.ts';
import {
  deleteViews,
  type ListOptions,
  listRows,
  putRowIfAt,
  putRows,
  SEARCH_READ_BOUND,
  type ViewRow,
} from '../../../functions/adapters/views.ts';
import { InvalidCursorError } from '../../../functions/errors.ts';
import { env } from '../../../functions/runtime/env.ts';
import { tables } from '../../../functions/tables.ts';
import { type Service, startDynamo } from '../../../infra/local/services.ts';
import { ensureTable, lacksIndexes } from '../../../infra/local/tables.ts';
import { recreateViewsTable } from '../../../infra/local/views-table.ts';

/**
 * The views adapter's lists on dynalite: every filter and search is answered by a key condition, so
 * pages are full unless the list has ended, paging returns each match once, and the indexes follow a
 * record's changes and are reproduced by a rebuild.
 */
let dynamo: Service;
let client: DynamoDBClient;
const doc = () => DynamoDBDocumentClient.from(client);
let tableCount = 0;

/** A fresh, empty views table for each test (the adapter reads its name from the environment). */
const freshTable = async () => {
  const table = `views-${++tableCount}`;
  await ensureTable(client, table, tables.views);
  process.env[env.VIEWS_TABLE] = table;
  return table;
};

beforeAll(async () => {
  dynamo = await startDynamo(undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
  });
  client = new DynamoDBClient({});
});
afterAll(() => dynamo.stop());

const LIST: ListIndex = { view: 'orders', filters: ['stage', 'customerId', 'bay'] };
const STAGES = ['quote', 'deposit_paid', 'in_build', 'ready'];

interface Fields {
  stage: string;
  customerId: string;
  bay?: string;
  name: string;
}

const row = (n: number, fields: Fields, version = 1): ViewRow => ({
  ...listKeysOf(LIST, fields),
  view: LIST.view,
  // Ids sort in creation order, as ULIDs do.
  id: `ID${String(n).padStart(4, '0')}`,
  version,
  eventCount: version,
  state: { ...fields },
  search: `${fields.name} ord-${n}`.toLowerCase(),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastEventId: `e${n}-${version}`,
});

/** Sixty records: stages in turn, two customers, a bay on every third, names from a small set. */
const NAMES = ['Ada Lovelace', 'Adam Smith', 'Grace Hopper', 'José Adams', 'Alan Turing'];
const demo = () =>
  Array.from({ length: 60 }, (_, n) =>
    row(n, {
      stage: STAGES[n % 4]!,
      customerId: n % 3 === 0 ? 'C1' : 'C2',
      ...(n % 3 === 1 ? { bay: 'B1' } : {}),
      name: NAMES[n % 5]!,
    }),
  );

/** Every page of a list, each page's size and the ids in order. */
const pages = async (list: ListIndex, options: Omit<ListOptions, 'cursor'>) => {
  const sizes: number[] = [];
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRows<Fields>(list, { ...options, cursor });
    sizes.push(page.items.length);
    ids.push(...page.items.map((r) => r.id));
    cursor = page.nextCursor;
  } while (cursor && sizes.length < 100);
  return { sizes, ids };
};

/** Full pages but the last, which is not empty (the list ends where a page runs short). */
const full = (sizes: number[], limit: number, total: number) => {
  expect(sizes.slice(0, -1).every((size) => size === limit)).toBe(true);
  expect(sizes.at(-1)).toBe(total - limit * (sizes.length - 1));
  expect(sizes.at(-1)).toBeGreaterThan(0);
};

const matching = (rows: ViewRow[], test: (state: Fields, words: string[]) => boolean) =>
  rows.filter((r) => test(r.state as unknown as Fields, wordsOf(r.search))).map((r) => r.id);

describe('filtered lists', () => {
  it('answer every filter and combination with full pages holding each match once, in either order', async () => {
    await freshTable();
    const rows = demo();
    await putRows(rows);
    const cases: Record<string, string>[] = [
      { stage: 'in_build' },
      { customerId: 'C1' },
      { bay: 'B1' },
      { stage: 'deposit_paid', customerId: 'C2' },
      { stage: 'quote', bay: 'B1' },
      { customerId: 'C2', bay: 'B1' },
      { stage: 'ready', customerId: 'C2', bay: 'B1' },
    ];
    for (const where of cases) {
      const expected = matching(rows, (s) =>
        Object.entries(where).every(([k, v]) => (s as unknown as Record<string, string>)[k] === v),
      );
      expect(expected.length, JSON.stringify(where)).toBeGreaterThan(0);
      for (const order of ['newest', 'oldest'] as const) {
        const { sizes, ids } = await pages(LIST, { limit: 4, where, order });
        full(sizes, 4, expected.length);
        expect(ids).toEqual(order === 'oldest' ? expected : expected.toReversed());
      }
    }
  });

  it('end with the last full page when the matches fill it exactly', async () => {
    await freshTable();
    await putRows(demo());
    // 15 records are in build: three pages of five, and no empty fourth.
    const { sizes } = await pages(LIST, { limit: 5, where: { stage: 'in_build' } });
    expect(sizes).toEqual([5, 5, 5]);
  });

  it('move a record between filters when its stage changes', async () => {
    await freshTable();
    const rows = demo();
    await putRows(rows);
    const moved = rows[2]!; // in build
    const next = row(2, { ...(moved.state as unknown as Fields), stage: 'ready' }, 2);
    expect(await putRowIfAt(next, moved)).toBe(true);
    const inBuild = await pages(LIST, { limit: 100, where: { stage: 'in_build' } });
    const ready = await pages(LIST, { limit: 100, where: { stage: 'ready' } });
    expect(inBuild.ids).not.toContain(moved.id);
    expect(ready.ids).toContain(moved.id);
    // A stale writer does not move it back.
    expect(await putRowIfAt(row(2, moved.state as unknown as Fields, 2), moved)).toBe(false);
    expect((await pages(LIST, { limit: 100, where: { stage: 'ready' } })).ids).toContain(moved.id);
  });

  it('refuse filters the view does not index rather than filtering a page', async () => {
    await freshTable();
    await expect(listRows(LIST, { limit: 5, where: { name: 'Ada' } })).rejects.toThrow(
      /no list index on name/,
    );
    await expect(listRows(LIST, { limit: 5, search: 'ada', where: { name: 'Ada' } })).rejects.toThrow(
      /no list index on name/,
    );
  });
});

describe('search', () => {
  it('finds records by words that start theirs, in full pages, each once, in either order', async () => {
    await freshTable();
    const rows = demo();
    await putRows(rows);
    // "ad" starts "ada", "adam" and "adams": records with two such words appear once.
    const cases = ['ad', 'ada', 'ADAMS', 'jose', 'josé ad', 'lovelace ada', 'ord-1', 'turing'];
    for (const search of cases) {
      const words = wordsOf(search);
      const expected = matching(rows, (_, rowWords) =>
        words.every((w) => rowWords.some((rw) => rw.startsWith(w))),
      );
      expect(expected.length, search).toBeGreaterThan(0);
      for (const order of ['newest', 'oldest'] as const) {
        const { sizes, ids } = await pages(LIST, { limit: 4, search, order });
        full(sizes, 4, expected.length);
        expect(ids.toSorted(), `${search} ${order}`).toEqual(expected.toSorted());
      }
    }
  });

  it('indexes a word that starts another of the record only through the longer, and still finds it', async () => {
    await freshTable();
    const lead = {
      ...row(1, { stage: 'quote', customerId: 'C1', name: 'x' }),
      search: 'evelyn wilson evelyn.wilson649@example.net',
    };
    await putRows([lead]);
    const words = await doc().send(
      new QueryCommand({
        TableName: process.env[env.VIEWS_TABLE],
        KeyConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'view' },
        ExpressionAttributeValues: { ':v': 'orders#words' },
      }),
    );
    expect(words.Items?.map((i) => String(i.id).split(' ')[0]).toSorted()).toEqual([
      'evelyn',
      'example',
      'net',
      'wilson649',
    ]);
    for (const search of ['wilson', 'WILSON6', 'evelyn wilson', 'wil eve ex']) {
      expect(
        (await listRows(LIST, { limit: 5, search })).items.map((r) => r.id),
        search,
      ).toEqual([lead.id]);
    }
    expect((await listRows(LIST, { limit: 5, search: 'wilsonx' })).items).toEqual([]);
  });

  it('combined with filters still gives full pages and each match once', async () => {
    await freshTable();
    const rows = demo();
    await putRows(rows);
    const expected = matching(
      rows,
      (s, words) => s.stage === 'in_build' && s.customerId === 'C2' && words.some((w) => w.startsWith('ad')),
    );
    expect(expected.length).toBeGreaterThan(3);
    const { sizes, ids } = await pages(LIST, {
      limit: 3,
      search: 'ad',
      where: { stage: 'in_build', customerId: 'C2' },
    });
    full(sizes, 3, expected.length);
    expect(ids.toSorted()).toEqual(expected.toSorted());
  });

  it('follows a record whose text changes, and ignores words a crash left behind', async () => {
    await freshTable();
    const rows = demo();
    await putRows(rows);
    const before = rows[0]!; // Ada Lovelace
    const after = row(0, { ...(before.state as unknown as Fields), name: 'Katherine Johnson' }, 2);
    expect(await putRowIfAt(after, before)).toBe(true);
    expect((await pages(LIST, { limit: 100, search: 'lovelace' })).ids).not.toContain(before.id);
    expect((await pages(LIST, { limit: 100, search: 'kath' })).ids).toEqual([before.id]);
    // The word item of the old text is gone, not just skipped.
    const words = await doc().send(
      new QueryCommand({
        TableName: process.env[env.VIEWS_TABLE],
        KeyConditionExpression: '#v = :v AND begins_with(#id, :w)',
        ExpressionAttributeNames: { '#v': 'view', '#id': 'id' },
        ExpressionAttributeValues: { ':v': 'orders#words', ':w': 'lovelace' },
      }),
    );
    expect(words.Items?.map((i) => i.id)).not.toContain(`lovelace ${before.id}`);
    // A word item left by a crash between writes (its row no longer has the word) is not a match.
    await doc().send(
      new PutCommand({
        TableName: process.env[env.VIEWS_TABLE],
        Item: { view: 'orders#words', id: `zebra ${before.id}`, version: 1 },
      }),
    );
    expect((await listRows(LIST, { limit: 10, search: 'zebra' })).items).toEqual([]);
  });

  it('reads a bounded number of entries per request, and pages on from where it stopped', async () => {
    await freshTable();
    // Many records share the word; few are in build: the first page stops at the bound with a cursor.
    const many = Array.from({ length: SEARCH_READ_BOUND + 50 }, (_, n) =>
      row(n, { stage: n % 500 === 0 ? 'in_build' : 'quote', customerId: 'C1', name: 'Common' }),
    );
    await putRows(many);
    const expected = matching(many, (s) => s.stage === 'in_build');
    const { sizes, ids } = await pages(LIST, { limit: 25, search: 'common', where: { stage: 'in_build' } });
    expect(sizes.length).toBe(2);
    expect(ids.toSorted()).toEqual(expected.toSorted());
  });
});

describe('cursors', () => {
  it('are refused when forged or from another list', async () => {
    await freshTable();
    await putRows(demo());
    const forge = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const filtered = await listRows(LIST, { limit: 2, where: { stage: 'quote' } });
    const searched = await listRows(LIST, { limit: 2, search: 'ada' });
    const plain = await listRows(LIST, { limit: 2 });
    const refused: [ListOptions, string | undefined][] = [
      [{ limit: 2, where: { stage: 'ready' } }, filtered.nextCursor],
      [{ limit: 2 }, filtered.nextCursor],
      [{ limit: 2, where: { stage: 'quote' } }, plain.nextCursor],
      [{ limit: 2, search: 'grace' }, searched.nextCursor],
      [{ limit: 2, search: 'ada' }, plain.nextCursor],
      [{ limit: 2 }, forge({ view: 'orders', id: '' })],
      [{ limit: 2 }, forge({ view: 'customers', id: 'x' })],
      [{ limit: 2, where: { stage: 'quote' } }, forge({ view: 'orders', id: 'x', lk1: 'other' })],
      [{ limit: 2, search: 'ada' }, forge({ view: 'orders#words', id: 'zzz x' })],
      [{ limit: 2 }, 'not base64 json'],
    ];
    for (const [options, cursor] of refused) {
      expect(cursor).toBeDefined();
      await expect(listRows(LIST, { ...options, cursor }), JSON.stringify(options)).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
    expect(
      (await listRows(LIST, { limit: 2, where: { stage: 'quote' }, cursor: filtered.nextCursor })).items,
    ).toHaveLength(2);
    expect(
      (await listRows(LIST, { limit: 2, search: 'ada', cursor: searched.nextCursor })).items,
    ).toHaveLength(2);
  });
});

describe('rebuilding', () => {
  const scan = async () =>
    ((await doc().send(new ScanCommand({ TableName: process.env[env.VIEWS_TABLE] }))).Items ?? [])
      .map((item) => JSON.stringify(Object.entries(item).toSorted(([a], [b]) => a.localeCompare(b))))
      .toSorted();

  it('reproduces the rows, their list keys and their search words as live changes left them', async () => {
    await freshTable();
    const rows = demo();
    for (const r of rows) expect(await putRowIfAt(r, undefined)).toBe(true);
    // Live changes: a stage and a name change. Word items kept across versions keep their first version,
    // so a rebuild (which writes each at the row's version) is compared without it.
    const changed = row(5, { stage: 'ready', customerId: 'C2', name: 'Grace Hopper' }, 2);
    expect(await putRowIfAt(changed, rows[5])).toBe(true);
    const final = rows.map((r, n) => (n === 5 ? changed : r));
    const withoutVersions = (items: string[]) =>
      items.map((i) => (i.includes('#words') ? i.replace(/\["version",\d+\]/, '') : i));
    const live = withoutVersions(await scan());
    expect(await deleteViews([LIST.view])).toBe(live.length);
    expect(await scan()).toEqual([]);
    await putRows(final);
    expect(withoutVersions(await scan())).toEqual(live);
  });

  it('gives a views table from before the list indexes its indexes, keys and words', async () => {
    const table = `views-old-${++tableCount}`;
    await ensureTable(client, table, { ...tables.views, indexes: [] });
    process.env[env.VIEWS_TABLE] = table;
    const rows = demo().map((r) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => !k.startsWith('lk'))),
    );
    for (const r of rows) await doc().send(new PutCommand({ TableName: table, Item: r }));
    expect(await lacksIndexes(client, table, tables.views)).toBe(true);
    // `orders` is the aggregate's view: its filters are the registry's (stage, customerId).
    expect(await recreateViewsTable(client, table, tables.views)).toBe(rows.length);
    expect(await ensureTable(client, table, tables.views)).toBe('exists');
    const orders = { view: 'orders', filters: ['stage', 'customerId'] };
    const inBuild = await pages(orders, { limit: 4, where: { stage: 'in_build' } });
    full(inBuild.sizes, 4, 15);
    expect((await pages(orders, { limit: 100, search: 'grace' })).ids).toHaveLength(12);
  });
});
