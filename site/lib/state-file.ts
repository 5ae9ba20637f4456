// Where the site state (site-state.ts) is kept: beside the build manifest, read by the planner's
// thread, written whole or not at all. The planner's thread writes the state its plan leads to as a
// pending file; the build makes it the state only once it has committed the out dir. Small on
// purpose: the build's main thread commits the state without loading the site model's modules.
import { readFileSync, renameSync } from 'node:fs';
import { writeFileAtomic } from '../../vault/write.ts';
import { manifestPath } from './build-manifest.ts';
import type { SiteOptions } from './options.ts';
import type { SiteState } from './site-state.ts';

/** The state's format: a state of another version is not read. */
export const STATE_VERSION = 1;

const statePath = (options: SiteOptions) => manifestPath(options).replace(/\.json$/, '.state.json');

export function readState(options: SiteOptions): SiteState | null {
  try {
    const state = JSON.parse(readFileSync(statePath(options), 'utf8')) as SiteState;
    return state.version === STATE_VERSION ? state : null;
  } catch {
    return null;
  }
}

export async function writeState(options: SiteOptions, state: SiteState): Promise<void> {
  await writeFileAtomic(statePath(options), JSON.stringify(state), { sync: false });
}

const pendingPath = (options: SiteOptions) => `${statePath(options)}.next`;

export async function writePendingState(options: SiteOptions, state: SiteState): Promise<void> {
  await writeFileAtomic(pendingPath(options), JSON.stringify(state), { sync: false });
}

export function commitState(options: SiteOptions): void {
  renameSync(pendingPath(options), statePath(options));
}
