// Which notes of a vault go on the site (issue 18: "any vault"): every note except what the vault's
// config ignores (`ignore` globs), what lives in a templates folder (Obsidian's core Templates plugin,
// `.obsidian/templates.json` `folder`, and Templater's `.obsidian/plugins/templater-obsidian/data.json`
// `templates_folder`: a template is a fragment with placeholders, not a note) and what says
// `publish: false` (Obsidian Publish's property). Pure over the config and two small JSON files.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import type { VaultConfig } from '../../schemas/config.ts';

export interface PublishRules {
  ignore: string[];
  /** Vault-relative folders, without leading or trailing `/`. */
  templates: string[];
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch {
    // Missing or unreadable: Obsidian itself treats it as "no templates folder".
    return null;
  }
}

const folderOf = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const folder = posix.normalize(value.replace(/\\/g, '/')).replace(/^\/+|\/+$/g, '');
  return folder && folder !== '.' && !folder.startsWith('..') ? folder : null;
};

/** The templates folders the vault's Obsidian settings name. */
export async function templateFolders(vaultDir: string): Promise<string[]> {
  const core = (await readJson(posix.join(vaultDir, '.obsidian/templates.json'))) as { folder?: unknown } | null;
  const templater = (await readJson(posix.join(vaultDir, '.obsidian/plugins/templater-obsidian/data.json'))) as { templates_folder?: unknown } | null;
  return [...new Set([folderOf(core?.folder), folderOf(templater?.templates_folder)].filter((f): f is string => f !== null))];
}

export async function publishRules(vaultDir: string, config: VaultConfig): Promise<PublishRules> {
  return { ignore: config.ignore ?? [], templates: await templateFolders(vaultDir) };
}

/** Why a note is not published, or null when it is. */
export function unpublishedReason(rules: PublishRules, path: string, data: Record<string, unknown> | null): string | null {
  for (const glob of rules.ignore) if (posix.matchesGlob(path, glob)) return `matches the config's ignore glob "${glob}"`;
  for (const folder of rules.templates) if (path.startsWith(`${folder}/`)) return `is in the templates folder ${folder}/`;
  if (data && (data.publish === false || data.publish === 'false')) return 'says publish: false';
  return null;
}
