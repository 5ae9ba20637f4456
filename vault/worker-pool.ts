// Batches of independent jobs spread over worker threads, each worker taking the next batch as it
// finishes one. Used by the parse pool here and by the site's render pool.
import * as nodeModule from 'node:module';
import { Worker } from 'node:worker_threads';

export interface PoolOptions {
  workers: number;
  batchSize: number;
  workerData?: unknown;
  /** Workers of the same script and data started ahead (see `startWorkers`); taken over and terminated. */
  started?: Worker[];
}

/**
 * Starts `count` workers now, so their modules load while the caller still lists files. They do not
 * keep the process alive until `runOnWorkers` takes them over; terminate them if it never does.
 */
export function startWorkers(script: URL, count: number, workerData?: unknown): Worker[] {
  // Workers load the same modules as the main thread: they share its compile cache when it has one.
  // (Node 22.1 added the compile cache; older Nodes have none to share.)
  const cacheDir = (nodeModule as { getCompileCacheDir?: () => string | undefined }).getCompileCacheDir?.();
  const env = cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env;
  return Array.from({ length: count }, () => {
    const worker = new Worker(script, { workerData, env });
    worker.unref();
    return worker;
  });
}

/** Posts `jobs` in batches to `workers` threads running `script`; each batch's reply goes to `onReply`. */
export async function runOnWorkers<Job, Reply>(script: URL, jobs: readonly Job[], options: PoolOptions, onReply: (reply: Reply) => void): Promise<void> {
  const batches: Job[][] = [];
  for (let i = 0; i < jobs.length; i += options.batchSize) batches.push(jobs.slice(i, i + options.batchSize));
  const count = Math.min(options.workers, batches.length);
  const started = options.started ?? [];
  for (const spare of started.slice(count)) void spare.terminate();
  const pool = started.slice(0, count);
  if (pool.length < count) pool.push(...startWorkers(script, count - pool.length, options.workerData));
  for (const worker of pool) worker.ref();
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            let inFlight = 0;
            // Two batches in flight while plenty are left, so a worker never waits for the main
            // thread between batches; one at the end, so no worker holds two while another idles.
            const fill = () => {
              const wanted = batches.length >= 2 * pool.length ? 2 : 1;
              while (inFlight < wanted && batches.length > 0) {
                worker.postMessage(batches.shift());
                inFlight++;
              }
              if (inFlight === 0) resolve();
            };
            worker.on('message', (reply: Reply) => {
              inFlight--;
              onReply(reply);
              fill();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => code !== 0 && reject(new Error(`worker ${script.pathname} exited with code ${code}`)));
            fill();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
