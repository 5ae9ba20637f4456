// Stub pages (spec §5): what `kb fix` deletes first.
import type { Profile } from '../schemas/index.ts';
import type { VaultPath } from './paths.ts';
import type { Page, ResolvedLink } from './types.ts';

export const STUB_MIN_BODY_CHARS = 200;

/** Why a page is a stub, or null. Redirects, MOCs and undecodable files are never stubs. */
export function stubReason(page: Page, profile: Profile): string | null {
  if (page.kind !== 'topic' || page.binary) return null;
  if (page.frontMatter.data?.status === 'stub') return 'status: stub';
  // Short notes are normal in Obsidian; only a note with nothing in it is empty (spec §5).
  if (profile === 'obsidian') return page.bodyEmpty ? 'the note is empty' : null;
  if (page.errorCapture) return `line ${page.errorCapture.line} is an error capture (${page.errorCapture.marker})`;
  if (page.bodyTextLength < STUB_MIN_BODY_CHARS) return `the body has ${page.bodyTextLength} characters of text (< ${STUB_MIN_BODY_CHARS})`;
  return null;
}

/** What a stub's diagnostic says `kb fix` does with it: under `obsidian` only an empty note may go (spec §7). */
export function stubFate(page: Page, profile: Profile): string {
  if (profile !== 'obsidian') return 'kb fix moves it to .trash/';
  return page.bodyEmpty ? 'kb fix moves it to .trash/ unless a note links to it' : 'kb fix keeps it: the note has content';
}

/**
 * The stubs fix step 1 moves to .trash/. Under `topic`, all of them. Under `obsidian`, only empty notes
 * that no other note links to (by a link that resolves to it, or a near miss kb would point at it):
 * a link to a note is how Obsidian users write the note later, and a note with content is never lost.
 */
export function stubsToTrash(stubs: Iterable<VaultPath>, pages: Map<VaultPath, Page>, links: Iterable<ResolvedLink>, profile: Profile): VaultPath[] {
  if (profile !== 'obsidian') return [...stubs];
  const linked = new Set<VaultPath>();
  for (const link of links) {
    if (link.resolution.path !== null && link.resolution.path !== link.from) linked.add(link.resolution.path);
    if (link.class === 'fixable' && link.finalTarget !== null) linked.add(link.finalTarget);
  }
  return [...stubs].filter((path) => pages.get(path)?.bodyEmpty === true && !linked.has(path));
}
