// A worker for the worker-pool tests: replies to each batch with its jobs doubled, after a short
// busy wait so that batches overlap.
import { parentPort } from 'node:worker_threads';

parentPort!.on('message', (batch: number[]) => {
  const until = Date.now() + 2;
  while (Date.now() < until);
  parentPort!.postMessage(batch.map((n) => n * 2));
});
