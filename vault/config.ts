// Reads the vault's `kb.config.json` (spec §10) and decides the profile: `--profile`, else the config,
// else `obsidian` when the vault has `.obsidian/`, else `topic`. A broken config is a diagnostic at
// its line and column, never a crash, and never silently ignored: kb then runs on its defaults and
// says so.
import { readFile, stat } from 'node:fs/promises';
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { join } from 'node:path';
import { CONFIG_FILE, vaultConfig, type VaultConfig } from '../schemas/config.ts';
import type { Profile } from '../schemas/profiles.ts';
import { LineIndex } from './lines.ts';
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

const configPath = CONFIG_FILE as VaultPath;

function diagnostic(text: string, offset: number, message: string, rule = 'config-invalid'): Diagnostic {
  const { line, column } = new LineIndex(text).point(offset);
  return { file: configPath, line, column, severity: 'error', rule, message };
}

/** Parses a config text; pure, so the CLI, the site and tests share it. Comments and trailing commas
 * are allowed (as in tsconfig.json): people annotate their config. */
export function parseConfig(text: string): LoadedConfig {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    const message = first ? printParseErrorCode(first.error) : 'empty file';
    return { config: {}, file: configPath, diagnostics: [diagnostic(text, first?.offset ?? 0, `${CONFIG_FILE} is not valid JSON: ${message} (the config is ignored)`, 'config-syntax')] };
  }
  const parsed = vaultConfig.safeParse(getNodeValue(tree));
  if (parsed.success) return { config: parsed.data, file: configPath, diagnostics: [] };
  return {
    config: {},
    file: configPath,
    diagnostics: parsed.error.issues.map((issue) => {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      // Point at the deepest node that exists: the offending value, or the object missing a key.
      let node: Node | undefined;
      for (let n = path.length; n >= 0 && !node; n--) node = findNodeAtLocation(tree, path.slice(0, n));
      return diagnostic(text, node?.offset ?? 0, `${path.join('.') || CONFIG_FILE}: ${issue.message} (the config is ignored)`);
    }),
  };
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
