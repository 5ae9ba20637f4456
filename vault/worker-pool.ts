// Batches of independent jobs spread over worker threads, each worker taking the next batch as it
// finishes one. Used by the parse pool here and by the site's render pool.
import { getCompileCacheDir } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface PoolOptions {
  workers: number;
  batchSize: number;
  workerData?: unknown;
}

/** Posts `jobs` in batches to `workers` threads running `script`; each batch's reply goes to `onReply`. */
export async function runOnWorkers<Job, Reply>(script: URL, jobs: readonly Job[], options: PoolOptions, onReply: (reply: Reply) => void): Promise<void> {
  const batches: Job[][] = [];
  for (let i = 0; i < jobs.length; i += options.batchSize) batches.push(jobs.slice(i, i + options.batchSize));
  // Workers load the same modules as the main thread: they share its compile cache when it has one.
  const cacheDir = getCompileCacheDir();
  const env = cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env;
  const pool = Array.from({ length: Math.min(options.workers, batches.length) }, () => new Worker(script, { workerData: options.workerData, env }));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const batch = batches.shift();
              if (batch) worker.postMessage(batch);
              else resolve();
            };
            worker.on('message', (reply: Reply) => {
              onReply(reply);
              next();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => code !== 0 && reject(new Error(`worker ${script.pathname} exited with code ${code}`)));
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
