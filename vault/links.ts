// Every wikilink and embed, resolved and put in exactly one class (spec §3).
import type { Redirects } from './redirects.ts';
import { looksLikeAttachment, type Resolver } from './resolve.ts';
import type { VaultPath } from './paths.ts';
import type { LinkClass, Page, ResolvedLink } from './types.ts';

export function classifyLinks(page: Page, pages: Map<VaultPath, Page>, resolver: Resolver, redirects: Redirects): ResolvedLink[] {
  return page.links.map((link) => {
    const resolution = resolver.resolve(link.target, page.path);
    let cls: LinkClass;
    let finalTarget: VaultPath | null = null;
    if (resolution.path !== null) {
      const target = resolution.attachment ? undefined : pages.get(resolution.path);
      if (target?.kind === 'redirect') {
        cls = 'redirect';
        finalTarget = redirects.finalTarget(target.path);
      } else {
        cls = 'resolved';
        finalTarget = resolution.path;
      }
    } else {
      const candidates = resolver.fuzzyMatches(link.target);
      if (candidates.length === 1 && candidates[0] !== page.path) {
        cls = 'fixable';
        const candidate = pages.get(candidates[0]!)!;
        finalTarget = candidate.kind === 'redirect' ? redirects.finalTarget(candidate.path) : candidate.path;
      } else cls = 'unresolved';
    }
    return { ...link, from: page.path, resolution, class: cls, finalTarget };
  });
}

/** Unresolved links to pages (not missing attachments) in a Graph section: what fix step 4 removes. */
export function isUnresolvedGraphLink(link: ResolvedLink): boolean {
  return link.class === 'unresolved' && link.inGraph && !looksLikeAttachment(link.target);
}
