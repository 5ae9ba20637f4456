// Duplicate clusters and their canonical page (spec §6).
import { byCodePoint, fuzzy, type VaultPath } from './paths.ts';
import { explicitTitle } from './resolve.ts';
import type { Page } from './types.ts';

export interface Cluster {
  canonical: VaultPath;
  /** Sorted by code point, canonical excluded. */
  members: VaultPath[];
}

const STATUS_RANK: Record<string, number> = { verified: 4, review: 3, draft: 2 };
const TRUST_RANK: Record<string, number> = { A: 4, B: 3, C: 2, D: 1 };

/** Orders candidates so that the canonical comes first: status, trust, confidence, body length, path. */
export function compareCanonical(a: Page, b: Page): number {
  const fa = a.frontMatter.data ?? {};
  const fb = b.frontMatter.data ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return (
    (STATUS_RANK[String(fb.status)] ?? 1) - (STATUS_RANK[String(fa.status)] ?? 1) ||
    (TRUST_RANK[String(fb.source_trust_level)] ?? 0) - (TRUST_RANK[String(fa.source_trust_level)] ?? 0) ||
    num(fb.confidence_score) - num(fa.confidence_score) ||
    b.bodyTextLength - a.bodyTextLength ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)
  );
}

/** `candidates`: pages that are neither redirects, MOCs nor stubs. */
export function duplicateClusters(candidates: Page[]): Cluster[] {
  const parent = new Map<VaultPath, VaultPath>();
  const find = (p: VaultPath): VaultPath => {
    let root = p;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let q = p; q !== root; ) {
      const next = parent.get(q)!;
      parent.set(q, root);
      q = next;
    }
    return root;
  };
  const union = (a: VaultPath, b: VaultPath) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const byTitle = new Map<string, VaultPath[]>();
  for (const page of candidates) {
    parent.set(page.path, page.path);
    const title = explicitTitle(page);
    if (title === null) continue;
    const k = fuzzy(title);
    if (k === '') continue;
    const list = byTitle.get(k);
    if (list) list.push(page.path);
    else byTitle.set(k, [page.path]);
  }
  for (const page of candidates) {
    const title = explicitTitle(page);
    const keys = new Set([...(title === null ? [] : [fuzzy(title)]), ...page.aliases.map(fuzzy)]);
    for (const k of keys) for (const other of byTitle.get(k) ?? []) if (other !== page.path) union(page.path, other);
  }
  const groups = new Map<VaultPath, Page[]>();
  for (const page of candidates) {
    const root = find(page.path);
    const group = groups.get(root);
    if (group) group.push(page);
    else groups.set(root, [page]);
  }
  const clusters: Cluster[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort(compareCanonical);
    clusters.push({ canonical: group[0]!.path, members: group.slice(1).map((p) => p.path).sort(byCodePoint) });
  }
  return clusters.sort((a, b) => byCodePoint(a.canonical, b.canonical));
}
