// dynalite on a worker thread: DynamoDB gets a core of its own instead of sharing the event loop with
// the gateway and the functions. Plain JavaScript so it loads in any host (tsx, vitest, bare node).
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');

const server = dynalite({ path: workerData.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.on('error', (error) => parentPort.postMessage({ error: String(error) }));
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  server.closeAllConnections?.();
  server.close(() => parentPort.postMessage({ stopped: true }));
});
