// dynalite on a worker thread: DynamoDB gets a core of its own instead of sharing the event loop with
// the gateway and the functions. Plain JavaScript so it loads in any host (tsx, vitest, bare node).
import Module, { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const fromDynalite = createRequire(require.resolve('dynalite'));

// LevelDB as dynalite opens it, with options it does not expose. dynalite spreads keys by a hash of the
// partition key, so every write lands anywhere in the key space and LevelDB's compaction (a thread of its
// own) rewrites the store again and again: with 4 MiB memtables it took as much CPU as dynalite itself
// during a first start. Larger memtables and files mean fewer, larger flushes and merges; a larger block
// cache serves the read dynalite makes before every write.
const level = fromDynalite('level');
const { Level } = level;
const tuning = workerData.leveldb ?? {};
level.Level = class TunedLevel extends Level {
  constructor(location, options) {
    super(location, { ...tuning, ...options });
  }
};
// BatchWriteItem as one LevelDB read and write per table (dynamo-batch-write.cjs) instead of a get, the
// index updates and a put per item: the seed, a rebuild and the audit chain write almost everything in
// batches. Written against dynalite 4, whose key layout it repeats; another major version keeps its own.
const batchWriteItem = require('./dynamo-batch-write.cjs');
const dynamo4 = fromDynalite('./package.json').version.startsWith('4.');
if (dynamo4) {
  const action = fromDynalite.resolve('./actions/batchWriteItem');
  const replacement = new Module(action);
  replacement.filename = action;
  replacement.exports = batchWriteItem;
  replacement.loaded = true;
  require.cache[action] = replacement;
}
// dynalite keeps its store to itself; it is caught as dynalite creates it, for the bulk loads below.
const dynaliteDb = fromDynalite('./db');
const createStore = dynaliteDb.create;
let store;
dynaliteDb.create = (options) => {
  store = createStore(options);
  return store;
};
const dynalite = require('dynalite');
const checkBatch = fromDynalite('./validations/batchWriteItem').custom;

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// Actions under way: a request counts until dynalite answers it (it answers once every write of the
// action is done, whether or not the client is still there), a bulk load's batch or a flush until it
// ends. A stop that finds none under way when LevelDB closes is clean: no action was cut between its
// writes, so the next start need not look for what a crash leaves (services.ts `stoppedCleanly`).
let underWay = 0;
let onIdle;
const begun = () => {
  underWay++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    underWay--;
    if (underWay === 0 && onIdle) setImmediate(onIdle);
  };
};
server.prependListener('request', (request, response) => {
  const end = begun();
  let answered = false;
  // Ended once the answer is handed to the socket, so a stop's cut cannot lose it.
  response.once('finish', end);
  // A client gone first: before its request was whole dynalite never starts the action; after, the
  // action runs on and ends when dynalite answers it.
  response.once('close', () => {
    if (answered || !request.complete) end();
  });
  const answer = response.end;
  response.end = function (...args) {
    answered = true;
    const result = answer.apply(this, args);
    if (this.destroyed) end();
    return result;
  };
});
let stopping = false;
server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () =>
  parentPort.postMessage({ port: server.address().port, direct: dynamo4 && store !== undefined }),
);
/** How long a stop waits for actions under way. */
const STOP_GRACE_MS = 10_000;
parentPort.on('message', (message) => {
  // A bulk load's BatchWriteItem (services.ts `batchWrite`): the marshalled RequestItems, written as the
  // HTTP action writes them, without the HTTP round trip and its parsing.
  if (message?.batchWrite) {
    const { id, batchWrite } = message;
    if (stopping) {
      parentPort.postMessage({ id, error: 'The local DynamoDB is stopping' });
      return;
    }
    // The checks dynalite's HTTP layer makes on a batch's items (attribute values, item size, at most 25
    // requests) hold here too: a refused batch goes over HTTP, where the caller gets dynalite's answer.
    const data = { RequestItems: batchWrite };
    const count = Object.values(batchWrite).reduce((n, requests) => n + requests.length, 0);
    const refused =
      count > 25 ? 'Too many items requested for the BatchWriteItem call' : checkBatch(data, store);
    if (refused) {
      parentPort.postMessage({ id, error: refused });
      return;
    }
    const end = begun();
    batchWriteItem(store, data, (error) => {
      end();
      parentPort.postMessage(error ? { id, error: error.body?.message ?? String(error) } : { id });
    });
    return;
  }
  // LevelDB's CompactRange writes the memtable out before it compacts the range; a range no key is in
  // compacts nothing else. After a bulk load the next start then has no log of it to replay.
  if (message?.flush !== undefined) {
    if (stopping) {
      parentPort.postMessage({ id: message.flush, error: 'The local DynamoDB is stopping' });
      return;
    }
    // In memory (tests) there is no log to replay, and no compactRange.
    const flushing =
      typeof store?.db?.compactRange === 'function'
        ? store.db.compactRange('\u0000', '\u0001')
        : Promise.resolve();
    const end = begun();
    flushing
      .finally(end)
      .then(() => parentPort.postMessage({ id: message.flush }))
      .catch((error) => parentPort.postMessage({ id: message.flush, error: String(error) }));
    return;
  }
  if (message !== 'stop') return;
  stopping = true;
  // New connections are refused at once; actions under way get a few seconds to end before every
  // connection is cut. dynalite then closes LevelDB once its pending operations are done.
  let clean = true;
  server.close((error) => parentPort.postMessage({ stopped: true, clean: clean && !error }));
  const cutAll = () => {
    onIdle = undefined;
    clearTimeout(deadline);
    server.closeAllConnections();
  };
  const deadline = setTimeout(() => {
    clean = underWay === 0;
    cutAll();
  }, STOP_GRACE_MS);
  onIdle = () => {
    if (underWay === 0) cutAll();
  };
  if (underWay === 0) cutAll();
});
