// The incremental build's planner thread (planner-worker.ts, which runs planner.ts), without
// loading what the planning needs on this thread: `kb build` starts it before it loads the build
// itself (site/build.ts), so the two load their modules at the same time.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import type { VaultScan } from '../../vault/stat.ts';
import type { Plan } from './planner.ts';

export interface Planner {
  /**
   * Plans the build: the worker reads the options and the previous manifest, as this thread did, and
   * loads the vault from `scan`, the files as this thread listed and stat'ed them for the vault stamp
   * (so the plan is of exactly the files the stamp describes, and 10k files are not stat'ed twice).
   */
  plan(scan: VaultScan): Promise<Plan>;
  /** Not needed (a full build, or nothing to build): the worker ends without having loaded anything. */
  stop(): Promise<void>;
}

/**
 * planBuild on a worker thread, started before the build knows whether it is incremental: the
 * worker's module loading (half a second) then overlaps this thread's loading of the build and its
 * fingerprint and vault checks, and it plans only when asked. It shares this thread's environment, so it plans with whatever the
 * build set there up to `plan()` (the options, unverified outputs).
 */
export function startPlanner(): Planner {
  const worker = new Worker(new URL('./planner-worker.ts', import.meta.url), { env: SHARE_ENV });
  // Until it is asked to plan, it must not keep the process alive: a build that needs no plan (nothing
  // changed) exits as soon as it is done, not after the thread has finished loading to be stopped.
  worker.unref();
  const result = new Promise<Plan>((resolve, reject) => {
    worker.once('message', (plan: Plan) => {
      resolve(plan);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the build planner stopped (exit ${code})`)));
  });
  result.catch(() => {});
  return {
    plan(scan) {
      worker.ref();
      worker.postMessage(scan);
      return result;
    },
    async stop() {
      await worker.terminate();
    },
  };
}
