// The worker thread of planner.ts: loaded at once, planning when the build asks.
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import { readManifest, type BuildManifest } from './build-manifest.ts';
import { siteOptions } from './options.ts';
import { planBuild } from './planner.ts';

await once(parentPort!, 'message');
const options = siteOptions();
parentPort!.postMessage(await planBuild(options, readManifest(options) as BuildManifest));
