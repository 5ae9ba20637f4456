// Reads the vault's `kb.config.json` (spec §10) and decides the profile: `--profile`, else the config,
// else `obsidian` when the vault has `.obsidian/`, else `topic`. A broken config is a diagnostic at
// its line and column, never a crash, and never silently ignored: kb then runs on its defaults and
// says so.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE } from '../schemas/config-constants.ts';
import type { VaultConfig } from '../schemas/config.ts';
import type { Profile } from '../schemas/profiles.ts';
import type { VaultPath } from './paths.ts';
import type { Diagnostic } from './types.ts';

export interface LoadedConfig {
  config: VaultConfig;
  /** The file the config came from (vault-relative), or null when the vault has none. */
  file: VaultPath | null;
  diagnostics: Diagnostic[];
}

export interface ProfileChoice {
  profile: Profile;
  /** Why, as `check` prints it: `--profile`, `kb.config.json`, `.obsidian/ folder`, `default`. */
  reason: string;
}

/** Reads `<dir>/kb.config.json`; a vault without one gets the empty config. */
export async function loadConfig(dir: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(join(dir, CONFIG_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: {}, file: null, diagnostics: [] };
    throw error;
  }
  // The schema (and zod with it) is loaded only for a vault that has a config to validate.
  const { parseConfig } = await import('./config-parse.ts');
  return parseConfig(text);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Spec §10's order of precedence. */
export async function chooseProfile(dir: string, flag: Profile | undefined, config: VaultConfig): Promise<ProfileChoice> {
  if (flag) return { profile: flag, reason: '--profile' };
  if (config.profile) return { profile: config.profile, reason: CONFIG_FILE };
  if (await isDirectory(join(dir, '.obsidian'))) return { profile: 'obsidian', reason: '.obsidian/ folder' };
  return { profile: 'topic', reason: 'default' };
}
