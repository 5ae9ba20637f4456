// The worker thread of planner.ts.
import { parentPort } from 'node:worker_threads';
import { readManifest, type BuildManifest } from './build-manifest.ts';
import { siteOptions } from './options.ts';
import { planBuild } from './planner.ts';

const options = siteOptions();
parentPort!.postMessage(await planBuild(options, readManifest(options) as BuildManifest));
