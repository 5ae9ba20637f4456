// Every wikilink and embed, resolved and put in exactly one class (spec §3).
import type { Redirects } from './redirects.ts';
import { isAttachmentFormat, type Resolver } from './resolve.ts';
import type { VaultPath } from './paths.ts';
import type { LinkClass, Page, ResolvedLink } from './types.ts';

export function classifyLinks(page: Page, pages: Map<VaultPath, Page>, resolver: Resolver, redirects: Redirects): ResolvedLink[] {
  return page.links.map((link) => {
    const resolution = resolver.resolve(link.target, page.path);
    let cls: LinkClass;
    let finalTarget: VaultPath | null = null;
    // redirects.finalTarget is a page's own path for any page that is not a redirect.
    if (resolution.attachment) {
      cls = 'resolved';
      finalTarget = resolution.path;
    } else if (resolution.path !== null) {
      cls = pages.get(resolution.path)?.kind === 'redirect' ? 'redirect' : 'resolved';
      finalTarget = redirects.finalTarget(resolution.path);
    } else if (isAttachmentFormat(link.target)) {
      // A missing image or PDF: no page can stand in for it (spec §3).
      cls = 'unresolved';
    } else {
      const candidates = resolver.fuzzyMatches(link.target);
      if (candidates.length === 1 && candidates[0] !== page.path) {
        cls = 'fixable';
        finalTarget = redirects.finalTarget(candidates[0]!);
      } else cls = 'unresolved';
    }
    // Spelled out rather than spread: this runs for every link of the vault, and a literal of fixed
    // shape costs a fraction of a spread copy.
    return {
      raw: link.raw,
      target: link.target,
      anchor: link.anchor,
      display: link.display,
      embed: link.embed,
      inTable: link.inTable,
      inGraph: link.inGraph,
      start: link.start,
      end: link.end,
      line: link.line,
      column: link.column,
      from: page.path,
      resolution,
      class: cls,
      finalTarget,
    } satisfies Record<keyof ResolvedLink, unknown>;
  });
}

/** Unresolved links to pages (not missing attachments) in a Graph section: what fix step 4 removes. */
export function isUnresolvedGraphLink(link: ResolvedLink): boolean {
  return link.class === 'unresolved' && link.inGraph && !isAttachmentFormat(link.target);
}
