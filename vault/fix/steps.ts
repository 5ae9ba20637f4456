// The steps of `kb fix` (shared/spec/vault.md §7), in the order they run, and which run by default.
import type { Profile } from '../../schemas/profiles.ts';
import { FIX_STEPS, type FixStep } from '../../schemas/config-constants.ts';
import type { VaultConfig } from '../../schemas/config.ts';

// One list for the config schema and the command: a step the config accepts is one fix runs.
export { FIX_STEPS, type FixStep };

/**
 * The steps `kb fix` runs without `--only`: the config's `fix.steps`, else all five under `topic` and
 * 1–3 under `obsidian`, where a heading containing "Graph" means nothing special and new MOC files
 * are notes the user did not ask for (spec §7). Always in the spec's order.
 */
export function defaultFixSteps(profile: Profile, config: VaultConfig): FixStep[] {
  const chosen = new Set<FixStep>(config.fix?.steps ?? (profile === 'obsidian' ? ['stubs', 'duplicates', 'links'] : FIX_STEPS));
  return FIX_STEPS.filter((s) => chosen.has(s));
}
