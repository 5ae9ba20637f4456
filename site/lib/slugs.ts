// Every published note gets a URL, even when two notes slug alike (`A B.md` and `A-B.md`, case twins
// `ML.md` and `ml.md`, or a note named like one of the site's own routes, `Graph.md`).
//
// The rule, chosen so that adding a twin later never moves a page that already has the plain URL:
// - a note whose slug nobody else has gets it as is: `/a-b/`;
// - in a group of notes sharing a slug, the note whose file name already *is* the slug (`a-b.md`: it
//   cannot be written any other way) keeps the plain URL, and every other member gets the slug plus
//   `-` and the first 6 hex digits of the SHA-1 of its own vault path: `/a-b-3f9c2e/`. The suffix
//   depends on nothing but the note's own path, so it is the same in every build, whatever else is
//   in the vault, and links (which name pages, never URLs) follow it.
// A note whose name is not in URL form (capitals, spaces) and that had the plain URL alone moves to
// its suffixed URL when a twin appears: no rule that gives a lone note its plain URL can avoid that
// for both of two such twins, since either could have been there first. The plain URL then becomes
// a page listing the twins (routes.ts), so old links and bookmarks still reach it.
import { createHash } from 'node:crypto';
import { pageNameOf, slugOf, type Slug, type VaultPath } from '../../vault/paths.ts';

export interface SlugAssignment {
  slugs: Map<VaultPath, Slug>;
  /** Plain slugs no note keeps because several share them: the notes that share each. */
  shared: Map<Slug, VaultPath[]>;
}

export const pathSuffix = (path: string, length = 6) => createHash('sha1').update(path.normalize('NFC')).digest('hex').slice(0, length);

const lastSegment = (slug: string) => slug.slice(slug.lastIndexOf('/') + 1);

/** `reserved(slug)`: the site itself owns that URL (its own routes, or the home page for an empty slug). */
export function assignSlugs(paths: Iterable<VaultPath>, reserved: (slug: Slug) => boolean): SlugAssignment {
  const groups = new Map<Slug, VaultPath[]>();
  for (const path of paths) {
    const slug = slugOf(path);
    const group = groups.get(slug);
    if (group) group.push(path);
    else groups.set(slug, [path]);
  }
  const slugs = new Map<VaultPath, Slug>();
  const shared = new Map<Slug, VaultPath[]>();
  const taken = new Set<string>(groups.keys());
  const suffixed: [VaultPath, Slug][] = [];
  for (const [slug, group] of groups) {
    const siteOwns = reserved(slug);
    if (group.length === 1 && !siteOwns) {
      slugs.set(group[0]!, slug);
      continue;
    }
    const keeper = siteOwns ? undefined : group.find((p) => pageNameOf(p) === lastSegment(slug));
    if (keeper) slugs.set(keeper, slug);
    else if (!siteOwns && group.length > 1) shared.set(slug, [...group].sort());
    for (const path of group) if (path !== keeper) suffixed.push([path, slug]);
  }
  // A suffixed slug equal to another note's plain slug (a note literally named `a-b-3f9c2e`) takes
  // more digits of the same hash until it is free.
  // Under a folder the site owns (`tags/x.md`), the suffix goes on the first segment: `tags-3f9c2e/x`.
  for (const [path, slug] of suffixed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = slug === '' ? 'index' : slug;
    const cut = reserved(slug) && base.includes('/') ? base.indexOf('/') : base.length;
    const withSuffix = (length: number) => `${base.slice(0, cut)}-${pathSuffix(path, length)}${base.slice(cut)}` as Slug;
    let length = 6;
    let candidate = withSuffix(length);
    while ((taken.has(candidate) || reserved(candidate)) && length < 40) candidate = withSuffix((length += 2));
    taken.add(candidate);
    slugs.set(path, candidate);
  }
  return { slugs, shared };
}
