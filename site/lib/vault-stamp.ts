// A stamp of the vault's files as they are on disk: the engine's stat signature (every page's path,
// size and mtime, the set of attachments, the parser's version) plus each attachment's size and
// mtime, which the site copies. Equal stamps, an equal build fingerprint and an untouched out dir
// mean nothing to build, known without loading the vault: the engine's warm `kb check` trusts the
// same signature.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { byCodePoint } from '../../vault/paths.ts';
import { statVault } from '../../vault/stat.ts';

export async function vaultStamp(vaultDir: string): Promise<string> {
  const { listing, signature } = await statVault(vaultDir, 'topic');
  const hash = createHash('sha1').update(signature);
  for (const a of [...listing.attachments].sort((x, y) => byCodePoint(x.path, y.path))) {
    const s = statSync(join(vaultDir, a.diskPath), { throwIfNoEntry: false });
    hash.update(`${a.path}\0${s?.size ?? -1}\0${s?.mtimeMs ?? -1}\n`);
  }
  return hash.digest('hex');
}
