// The incremental build's planner thread (planner-worker.ts, which runs planner.ts), without
// loading what the planning needs on this thread: `kb build` starts it before it loads the build
// itself (site/build.ts), so the two load their modules at the same time.
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { siblingModule } from '../../vault/sibling-module.ts';
import { workerScript } from '../../vault/worker-bundle.ts';
import type { Profile } from '../../schemas/profiles.ts';
import type { Fingerprint } from './fingerprint.ts';
import type { Plan } from './planner.ts';
import type { GraphData } from './summary.ts';

/** What the worker needs besides the options (which it reads from the shared environment). */
export interface PlanRequest {
  search: boolean;
  profile: Profile;
  /** What of the vault's config the build fingerprint holds (buildFingerprint's `settings`). */
  settings: unknown;
}

/**
 * The worker's answer: a full build (and why), nothing to build (no file of the vault changed), or
 * the incremental plan with the fingerprint and vault stamp the build records.
 */
export type Outcome = Exclude<Plan, { kind: 'incremental' }> | { kind: 'unchanged' } | (Extract<Plan, { kind: 'incremental' }> & { fingerprint: Fingerprint; stamp: string });

export type PlannerMessage = Outcome | { touched: string | null } | { graph: GraphData } | 'state';

export interface Planner {
  /**
   * Plans the build: the worker reads the options and the previous manifest, as this thread did,
   * computes the build fingerprint and the vault stamp, and plans when neither says otherwise.
   */
  plan(request: PlanRequest): Promise<Outcome>;
  /**
   * After an incremental plan: settles when the worker has written the site state this build leaves
   * (site-state.ts, `pendingState`), which it does after handing over the plan, off the critical path.
   */
  state(): Promise<void>;
  /**
   * After an incremental plan: why the out dir is no longer as the last build left it (the build
   * must then be a full one), or null. The worker checks it after handing over the plan.
   */
  touched(): Promise<string | null>;
  /** After an incremental plan that changed graph.json: its laid-out graph, which the worker sends after the plan. */
  graph(): Promise<GraphData>;
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
  // The entry switches the compile cache on, then loads the planner: from its bundle once there is one.
  const script = workerScript(siblingModule('./planner-worker.ts', import.meta.url));
  const worker = new Worker(new URL('./planner-worker.mjs', import.meta.url), { env: SHARE_ENV, workerData: { script: script.href } });
  // Until it is asked to plan, it must not keep the process alive: a build that needs no plan (nothing
  // changed) exits as soon as it is done, not after the thread has finished loading to be stopped.
  worker.unref();
  let graphReady: (graph: GraphData) => void = () => {};
  let graphFailed: (error: Error) => void = () => {};
  const graph = new Promise<GraphData>((resolve, reject) => {
    graphReady = resolve;
    graphFailed = reject;
  });
  graph.catch(() => {});
  let touchedKnown: (reason: string | null) => void = () => {};
  let touchedFailed: (error: Error) => void = () => {};
  const touched = new Promise<string | null>((resolve, reject) => {
    touchedKnown = resolve;
    touchedFailed = reject;
  });
  touched.catch(() => {});
  let stateReady: () => void = () => {};
  let stateFailed: (error: Error) => void = () => {};
  const state = new Promise<void>((resolve, reject) => {
    stateReady = resolve;
    stateFailed = reject;
  });
  state.catch(() => {});
  const result = new Promise<Outcome>((resolve, reject) => {
    // First the plan; then (an incremental plan) whether the out dir was touched, the graph when it
    // changed, and word that the next site state is written.
    worker.on('message', (message: PlannerMessage) => {
      if (typeof message === 'object' && 'touched' in message) {
        touchedKnown(message.touched);
        return;
      }
      if (typeof message === 'object' && 'graph' in message) {
        graphReady(message.graph);
        return;
      }
      if (message !== 'state') {
        resolve(message);
        if (message.kind !== 'incremental') void worker.terminate();
        return;
      }
      stateReady();
      void worker.terminate();
    });
    const fail = (error: Error) => {
      reject(error);
      touchedFailed(error);
      graphFailed(error);
      stateFailed(error);
    };
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`the build planner stopped (exit ${code})`)));
  });
  result.catch(() => {});
  return {
    plan(request) {
      worker.ref();
      worker.postMessage(request);
      return result;
    },
    async stop() {
      await worker.terminate();
    },
    touched() {
      return touched;
    },
    state() {
      return state;
    },
    graph() {
      return graph;
    },
  };
}
