// The worker thread of planner.ts: loaded at once, planning when the build asks. It also takes what
// decides whether the build may be incremental at all (the build fingerprint, the vault stamp, the out
// dir as the last build left it) off the main thread, which starts Astro meanwhile.
import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import { readManifest, type BuildManifest } from './build-manifest.ts';
import { fullBuildReason, touchedOutDir } from './changes.ts';
import { buildFingerprint } from './fingerprint.ts';
import { siteOptions } from './options.ts';
import type { PlanRequest, PlannerMessage } from './planner-thread.ts';
import { planBuild } from './planner.ts';
import { writePendingState } from './state-file.ts';
import { vaultStamp } from './vault-stamp.ts';

const [request] = (await once(parentPort!, 'message')) as [PlanRequest];
const post = (message: PlannerMessage) => parentPort!.postMessage(message);
const options = siteOptions();
const previous = readManifest(options) as BuildManifest;
// Taken before anything is built, so a source or page edited during the build is built by the next one.
const fingerprint = buildFingerprint(options, { search: request.search }, request.settings);
const reason = fullBuildReason(options, fingerprint, previous);
if (reason !== null) post({ kind: 'full', reason, report: { text: '', errors: 0 } });
else {
  const { stamp, rest, scan } = await vaultStamp(options.vaultDir, request.profile);
  if (previous.vault === stamp) {
    const touched = touchedOutDir(options, previous);
    post(touched ? { kind: 'full', reason: touched, report: { text: '', errors: 0 } } : { kind: 'unchanged' });
  } else {
    const { plan, state, graph } = await planBuild(options, previous, scan, { vault: stamp, rest });
    post(plan.kind === 'incremental' ? { ...plan, fingerprint, stamp } : plan);
    // Whether the out dir is still what the last build left (13k files stat'ed at 10k pages) is
    // checked after the plan is handed over: the build needs to know only before it commits.
    if (plan.kind === 'incremental') post({ touched: touchedOutDir(options, previous) });
    // graph.json's layout was started with the plan; the build writes it when Astro is done.
    if (graph) post({ graph: await graph });
    // The next site state is written after the plan is handed over: the build renders and indexes meanwhile.
    if (state) {
      await writePendingState(options, state());
      post('state');
    }
  }
}
