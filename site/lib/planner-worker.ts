// The worker thread of planner.ts: loaded at once, planning when the build asks.
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import type { VaultScan } from '../../vault/stat.ts';
import { readManifest, type BuildManifest } from './build-manifest.ts';
import { siteOptions } from './options.ts';
import { planBuild } from './planner.ts';

const [scan] = (await once(parentPort!, 'message')) as [VaultScan];
const options = siteOptions();
parentPort!.postMessage(await planBuild(options, readManifest(options) as BuildManifest, scan));
