// dynalite's BatchWriteItem, done as one LevelDB read and one LevelDB write per table instead of a get,
// index updates and a put per item, each its own LevelDB call. Same checks, same answers, same locks:
// dynalite's own action validated and locked each item; this does both for the whole batch. Installed
// in place of dynalite's action by dynamo-worker.mjs, for the dynalite version it was written against.
'use strict';
const { createRequire } = require('node:module');

const fromDynalite = createRequire(require.resolve('dynalite'));
const db = fromDynalite('./db');

// How dynalite names its LevelDB keys (db/index.js: getItemDb, getIndexDb, getSubDb's prefix).
const itemPrefix = (tableName) => `item-${tableName}~`;
const indexPrefix = (type, tableName, indexName) => `index-${type.toLowerCase()}~${tableName}~${indexName}~`;
const INDEX_TYPES = ['Local', 'Global'];

const getTable = (store, name) =>
  new Promise((resolve, reject) =>
    store.getTable(name, (err, table) => (err ? reject(err) : resolve(table))),
  );

// Locks are taken one key after another in key order: taking them all at once, as `lock([...])` does,
// could deadlock two batches that share keys.
const lockAll = (lock, keys) =>
  keys.reduce(
    (held, key) =>
      held.then(
        (releases) => new Promise((resolve) => lock(key, (release) => resolve([...releases, release]))),
      ),
    Promise.resolve([]),
  );

/** Validates one table's requests as dynalite does, and returns its writes by key. */
const planTable = (table, requests) => {
  const writes = [];
  const seen = new Set();
  for (const request of requests) {
    let key;
    if (request.PutRequest) {
      const invalid = db.validateItem(request.PutRequest.Item, table);
      if (invalid != null) throw invalid;
      key = db.createKey(request.PutRequest.Item, table);
      writes.push({ key, item: request.PutRequest.Item });
    } else if (request.DeleteRequest) {
      const invalid = db.validateKey(request.DeleteRequest.Key, table);
      if (invalid != null) throw invalid;
      key = db.createKey(request.DeleteRequest.Key, table);
      writes.push({ key, item: undefined });
    }
    if (seen.has(key)) throw db.validationError('Provided list of item keys contains duplicates');
    seen.add(key);
  }
  return writes;
};

const hasIndexes = (table) => INDEX_TYPES.some((type) => (table[`${type}SecondaryIndexes`] ?? []).length > 0);

/** Writes one table's part of the batch; returns the consumed capacity of each write when asked for. */
const writeTable = async (store, data, table, writes) => {
  const itemDb = store.getItemDb(table.TableName);
  const prefix = itemPrefix(table.TableName);
  const keys = writes.map((w) => w.key).sort();
  const releases = await lockAll(itemDb.lock, keys);
  try {
    // The existing items are needed only to move their index entries and to count capacity.
    const wantCapacity = ['TOTAL', 'INDEXES'].includes(data.ReturnConsumedCapacity);
    const existing =
      hasIndexes(table) || wantCapacity
        ? await store.db.getMany(writes.map((w) => prefix + w.key))
        : writes.map(() => undefined);
    const deletes = [];
    const puts = [];
    const capacity = [];
    writes.forEach(({ key, item }, i) => {
      const old = existing[i] ?? undefined;
      if (wantCapacity) {
        const options = { TableName: table.TableName, ReturnConsumedCapacity: data.ReturnConsumedCapacity };
        capacity.push(
          item
            ? db.addConsumedCapacity(options, false, old, item)
            : db.addConsumedCapacity(options, false, old),
        );
      }
      if (old || item) {
        for (const type of INDEX_TYPES) {
          const actions = db.getIndexActions(table[`${type}SecondaryIndexes`] ?? [], old, item, table);
          for (const a of actions.deletes)
            deletes.push({ type: 'del', key: indexPrefix(type, table.TableName, a.index) + a.key });
          for (const a of actions.puts)
            puts.push({
              type: 'put',
              key: indexPrefix(type, table.TableName, a.index) + a.key,
              value: a.item,
            });
        }
      }
      puts.push(item ? { type: 'put', key: prefix + key, value: item } : { type: 'del', key: prefix + key });
    });
    // An index entry's delete comes before any put in the batch, as dynalite's updateIndexes orders them.
    await store.db.batch([...deletes, ...puts]);
    return capacity;
  } finally {
    for (const release of releases) release()();
  }
};

module.exports = function batchWriteItem(store, data, cb) {
  (async () => {
    const plans = [];
    // Every table's requests are validated before anything is written, as dynalite does.
    for (const tableName of Object.keys(data.RequestItems)) {
      const table = await getTable(store, tableName);
      plans.push({ table, writes: planTable(table, data.RequestItems[tableName]) });
    }
    const capacities = (
      await Promise.all(plans.map(({ table, writes }) => writeTable(store, data, table, writes)))
    ).flat();
    const res = { UnprocessedItems: {} };
    if (['TOTAL', 'INDEXES'].includes(data.ReturnConsumedCapacity)) {
      const units = {};
      for (const c of capacities) units[c.TableName] = (units[c.TableName] ?? 0) + c.CapacityUnits;
      res.ConsumedCapacity = Object.keys(units).map((table) => ({
        CapacityUnits: units[table],
        TableName: table,
        Table: data.ReturnConsumedCapacity === 'INDEXES' ? { CapacityUnits: units[table] } : undefined,
      }));
    }
    return res;
  })().then(
    (res) => cb(null, res),
    (err) => {
      if (err?.body && /Missing the key|Type mismatch for key/.test(err.body.message))
        err.body.message = 'The provided key element does not match the schema';
      cb(err);
    },
  );
};
