// The global graph's layout on a thread of its own: at 10k pages it takes most of a second, which
// site/build.ts starts before the Astro build so it is done by the time the site loader needs it.
import { parentPort, workerData } from 'node:worker_threads';
import { layoutGraph, type LayoutInput } from './graph-layout.ts';

const pos = layoutGraph(workerData as LayoutInput);
parentPort!.postMessage(pos, [pos.buffer as ArrayBuffer]);
