// The vault's config and profile as the build sees them: small, so the build's main thread (which
// starts Astro at once on an incremental build) reads them without loading the site model's modules.
import type { VaultConfig } from '../../schemas/config.ts';
import { chooseProfile, loadConfig, type ProfileChoice } from '../../vault/config.ts';
import type { Diagnostic } from '../../vault/types.ts';
import type { SiteOptions } from './options.ts';
import { publishRules, type PublishRules } from './publish.ts';

/** The vault's config and the profile it is built under, as `kb check` decides them (spec §10). */
export interface VaultSetup {
  config: VaultConfig;
  profile: ProfileChoice;
  publish: PublishRules;
  /** Problems of kb.config.json itself (the build then runs on kb's defaults). */
  diagnostics: Diagnostic[];
}

/** Whether the vault's code blocks are executed (and so verified): spec §7, on under topic, off under obsidian unless `run.execute`. */
export const executes = (setup: VaultSetup): boolean => setup.config.run?.execute ?? setup.profile.profile === 'topic';

export async function vaultSetup(options: SiteOptions): Promise<VaultSetup> {
  const loaded = await loadConfig(options.vaultDir);
  const profile = await chooseProfile(options.vaultDir, options.profile, loaded.config);
  return { config: loaded.config, profile, publish: await publishRules(options.vaultDir, loaded.config), diagnostics: loaded.diagnostics };
}
