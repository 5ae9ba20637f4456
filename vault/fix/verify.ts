// A page is moved to .trash/ only on a parse kb has just made of its text: a cached parse that
// disagrees with the text (a damaged or planted cache entry) must never decide that a note is a stub.
import type { FileChange } from '../edits.ts';
import type { ParseLimits } from '../limits.ts';
import { parsePage } from '../parse-page.ts';
import type { VaultPath } from '../paths.ts';
import type { Vault } from '../vault.ts';

/** The pages `changes` deletes whose parse in `vault` is not what parsing their text gives now. */
export function deletionsParsedDifferently(vault: Vault, changes: readonly FileChange[], limits: ParseLimits): VaultPath[] {
  const differ: VaultPath[] = [];
  for (const change of changes) {
    if (change.kind !== 'delete') continue;
    const page = vault.pages.get(change.path);
    const fresh = parsePage(change.path, vault.text(change.path), { profile: vault.profile, limits });
    if (!page || JSON.stringify(fresh) !== JSON.stringify(page)) differ.push(change.path);
  }
  return differ;
}
