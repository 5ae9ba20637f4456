// The parse workers: threads that read and parse vault files (parse-worker.ts). Kept apart from
// load.ts so that a caller can start them, or hand them a few files, without loading the engine's
// loader and graph code first (the incremental `kb check`).
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Profile } from '../schemas/index.ts';
import type { VaultFile } from './files.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { siblingModule } from './sibling-module.ts';
import type { Page } from './types.ts';
import { workerScript } from './worker-bundle.ts';
import { runOnWorkers, startWorkers } from './worker-pool.ts';

export interface ParseWorkers {
  root: string;
  profile: Profile;
  limits: ParseLimits;
  workers: Worker[];
}

// Located with this file's own extension, so the worker starts from compiled JavaScript too.
export const PARSE_WORKER = siblingModule('./parse-worker.ts', import.meta.url);

let script: URL | undefined;
/** What parse workers start from: the worker's bundle once there is one (worker-bundle.ts). */
const parseWorkerScript = () => (script ??= workerScript(PARSE_WORKER));

export const parseThreads = () => Math.min(availableParallelism(), 8);

/** Files per message: few enough to keep both threads busy to the end, enough to make a message worth it. */
export const PARSE_BATCH = 64;

/**
 * Starts parse workers before the files to parse are known, so their modules load meanwhile (a fifth
 * of a second on 2 cores): all cores for a caller that knows most pages will be parsed (`kb check
 * --no-cache`), one for a caller that expects a few edited pages.
 */
export function startParseWorkers(dir: string, profile: Profile, limits: ParseLimits = DEFAULT_LIMITS, count = parseThreads()): ParseWorkers {
  const root = resolve(dir);
  return { root, profile, limits, workers: startWorkers(parseWorkerScript(), count, { dir: root, profile, limits }) };
}

/** Whether workers started by `startParseWorkers` parse exactly as this caller needs. */
export function fitFor(started: ParseWorkers | undefined, root: string, profile: Profile, limits: ParseLimits): started is ParseWorkers {
  return started !== undefined && started.root === root && started.profile === profile && started.limits.maxNoteBytes === limits.maxNoteBytes && started.limits.maxLinksPerNote === limits.maxLinksPerNote;
}

/** Parses `files` on `count` workers (taking over `started` ones first); `progress` hears of each batch. */
export async function parseOnWorkers(root: string, files: readonly VaultFile[], profile: Profile, limits: ParseLimits, count: number, started: Worker[], progress: (n: number) => void = () => {}): Promise<Page[]> {
  const results: Page[] = [];
  await runOnWorkers<VaultFile, Page[]>(parseWorkerScript(), files, { workers: count, batchSize: PARSE_BATCH, workerData: { dir: root, profile, limits }, started }, (pages) => {
    results.push(...pages);
    progress(pages.length);
  });
  return results;
}
