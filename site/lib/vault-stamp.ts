// A stamp of the vault's files as they are on disk: the engine's stat signature (every page's path,
// size and mtime, the set of attachments, the parser's version) plus each attachment's size and
// mtime, which the site copies, and the settings files that say what is published. Equal stamps, an equal build fingerprint and an untouched out dir
// mean nothing to build, known without loading the vault: the engine's warm `kb check` trusts the
// same signature.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Profile } from '../../schemas/profiles.ts';
import { join } from 'node:path';
import { byCodePoint } from '../../vault/paths.ts';
import { statVault, type VaultScan } from '../../vault/stat.ts';

/** The vault's settings that decide what is published and how (kb.config.json, the templates folders' settings). */
const SETTINGS = ['kb.config.json', '.obsidian/templates.json', '.obsidian/plugins/templater-obsidian/data.json'];

/**
 * The stamp, and the listing and stats it was taken from (the incremental planner loads the vault
 * from them). `rest`: the part of the stamp that is not the pages' stats (the settings files, the
 * attachments and the listing's problems), which the planner's quick path requires unchanged.
 */
export async function vaultStamp(vaultDir: string, profile: Profile): Promise<{ stamp: string; rest: string; scan: VaultScan }> {
  const { listing, stats, signature } = await statVault(vaultDir, profile);
  const hash = createHash('sha1').update(JSON.stringify(listing.diagnostics));
  for (const file of SETTINGS) hash.update(`${file}\0${existsSync(join(vaultDir, file)) ? readFileSync(join(vaultDir, file)).toString('base64') : '-'}\n`);
  for (const a of [...listing.attachments].sort((x, y) => byCodePoint(x.path, y.path))) {
    const s = statSync(join(vaultDir, a.diskPath), { throwIfNoEntry: false });
    hash.update(`${a.path}\0${s?.size ?? -1}\0${s?.mtimeMs ?? -1}\n`);
  }
  const rest = hash.digest('hex');
  return { stamp: createHash('sha1').update(`${signature}\0${rest}`).digest('hex'), rest, scan: { listing, stats } };
}
