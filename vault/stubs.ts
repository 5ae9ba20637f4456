// Stub pages (spec §5): what `kb fix` deletes first.
import type { Profile } from '../schemas/index.ts';
import type { Page } from './types.ts';

export const STUB_MIN_BODY_CHARS = 200;

/** Why a page is a stub, or null. Redirects, MOCs and undecodable files are never stubs. */
export function stubReason(page: Page, profile: Profile): string | null {
  if (page.kind !== 'topic' || page.binary) return null;
  if (page.frontMatter.data?.status === 'stub') return 'status: stub';
  if (profile === 'obsidian') return page.bodyEmpty ? 'the body has no text' : null;
  if (page.errorCapture) return `line ${page.errorCapture.line} is an error capture (${page.errorCapture.marker})`;
  if (page.bodyTextLength < STUB_MIN_BODY_CHARS) return `the body has ${page.bodyTextLength} characters of text (< ${STUB_MIN_BODY_CHARS})`;
  return null;
}
