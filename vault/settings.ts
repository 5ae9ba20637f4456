// Everything about a vault besides its files that changes what kb reports: the profile and why
// (spec §10), the vault's kb.config.json (rule levels, ignore globs, fix steps) and Obsidian's
// templates folders (spec §5). Read once at the I/O edge; the graph builder gets it as data.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { CONFIG_FILE, type RuleLevel } from '../schemas/config-constants.ts';
import type { VaultConfig } from '../schemas/config.ts';
import type { Profile } from '../schemas/profiles.ts';
import { codeFingerprint } from './code-fingerprint.ts';
import { chooseProfile, loadConfig } from './config.ts';
import { siblingModule } from './sibling-module.ts';
import type { VaultPath } from './paths.ts';
import type { Diagnostic } from './types.ts';

export interface VaultSettings {
  profile: Profile;
  /** Why this profile: `--profile`, `kb.config.json`, `.obsidian/ folder` or `default`. */
  reason: string;
  config: VaultConfig;
  /** Problems in kb.config.json (reported with the vault's diagnostics; the config is then ignored). */
  configDiagnostics: Diagnostic[];
  /** Obsidian's templates folders, vault-relative without slashes at either end. */
  templateFolders: string[];
  /** Changes whenever anything above changes what a check reports: part of the vault's signature. */
  fingerprint: string;
}

/** Settings for a vault with no config and no templates (tests, pages built in memory). */
export function defaultSettings(profile: Profile): VaultSettings {
  return settingsOf({ profile, reason: 'default', config: {}, configDiagnostics: [], templateFolders: [] });
}

// The code that applies settings to a report (beside the sources vault/cache.ts already hashes): editing
// it must invalidate cached reports as a settings change does. Its import closure, so no hand-kept list
// (and the compiled .js when kb runs from an installed package).
let sourcesMemo: string | undefined;

function settingsOf(s: Omit<VaultSettings, 'fingerprint'>): VaultSettings {
  sourcesMemo ??= codeFingerprint([siblingModule('./settings.ts', import.meta.url), siblingModule('./templates.ts', import.meta.url), siblingModule('./fix/steps.ts', import.meta.url)]).hash;
  const fingerprint = createHash('sha1').update(sourcesMemo).update(JSON.stringify([s.profile, s.config, s.configDiagnostics, s.templateFolders])).digest('hex');
  return { ...s, fingerprint };
}

/** Reads the vault's config and Obsidian's template settings, and chooses the profile (spec §10). */
export async function loadSettings(dir: string, flag?: Profile): Promise<VaultSettings> {
  const [loaded, templateFolders] = await Promise.all([loadConfig(dir), readTemplateFolders(dir)]);
  const { profile, reason } = await chooseProfile(dir, flag, loaded.config);
  return settingsOf({ profile, reason, config: loaded.config, configDiagnostics: loaded.diagnostics, templateFolders });
}

/**
 * The core Templates plugin keeps its folder in `.obsidian/templates.json` (`folder`), Templater in
 * its plugin data (`templates_folder`). Either may be missing or malformed: then there is none.
 */
export async function readTemplateFolders(dir: string): Promise<string[]> {
  const read = async (file: string, field: string): Promise<string | null> => {
    try {
      const value = (JSON.parse(await readFile(join(dir, file), 'utf8')) as Record<string, unknown>)[field];
      return typeof value === 'string' ? value : null;
    } catch {
      return null;
    }
  };
  const found = await Promise.all([read('.obsidian/templates.json', 'folder'), read('.obsidian/plugins/templater-obsidian/data.json', 'templates_folder')]);
  const folders = new Set<string>();
  for (const raw of found) {
    // `/` or an empty folder would make every note a template: Obsidian itself then uses none.
    const folder = raw?.normalize('NFC').replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+|\/+$/g, '');
    if (folder) folders.add(folder);
  }
  return [...folders];
}

/** The page lies in one of the templates folders (compared case-insensitively, as on macOS and Windows). */
export function inTemplateFolder(path: string, folders: readonly string[]): boolean {
  const lower = path.toLowerCase();
  return folders.some((f) => lower.startsWith(`${f.toLowerCase()}/`));
}

/**
 * The vault paths kb leaves out: the config's `ignore` globs (picomatch, `dot` on, so `**` also
 * reaches dotted names) and the config file itself, which is kb's and not an attachment.
 */
export function ignoredBy(config: VaultConfig): (path: string) => boolean {
  const globs = config.ignore ?? [];
  const match = globs.length > 0 ? picomatch(globs, { dot: true }) : null;
  return (path) => path === CONFIG_FILE || (match !== null && match(path));
}

/** The config's `rules` levels applied: `off` drops a rule's diagnostics, any other level replaces its severity. */
export function applyRuleLevels(diagnostics: Diagnostic[], rules: Record<string, RuleLevel> | undefined): Diagnostic[] {
  if (!rules || Object.keys(rules).length === 0) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const level = Object.hasOwn(rules, d.rule) ? rules[d.rule] : undefined;
    if (level === undefined) out.push(d);
    else if (level !== 'off') out.push(level === d.severity ? d : { ...d, severity: level });
  }
  return out;
}

/**
 * Whether kb may execute the vault's code blocks (`kb run`, the site build): yes for topic pages,
 * whose examples are written to be run; under `obsidian` only when the config opts in with
 * `run.execute: true` (spec §7: an arbitrary vault's code is not kb's to run).
 */
export function executesCode(settings: Pick<VaultSettings, 'profile' | 'config'>): boolean {
  return settings.config.run?.execute ?? settings.profile === 'topic';
}

export type { VaultPath };
