// The planner thread's entry (planner-thread.ts starts it): plain JavaScript for the reason cli/kb.mjs
// is. A worker thread does not share the main thread's compile cache, so without this the planner's
// TypeScript modules are type-stripped (Node's wasm stripper) and compiled again on every build: the
// thread was ready 0.8 s after the build started, now 0.55 s (10k-page vault, Astro starting meanwhile).
// It is handed the planner's module to load: planner-worker.ts, or its bundle (vault/worker-bundle.ts).
import * as nodeModule from 'node:module';
import { workerData } from 'node:worker_threads';

nodeModule.enableCompileCache?.();
await import(workerData?.script ?? './planner-worker.ts');
