// The `kb check --json` object, exactly shared/spec/vault.md §9.
import { isUnresolvedGraphLink } from './links.ts';
import { byCodePoint, type VaultPath } from './paths.ts';
import type { Vault } from './vault.ts';
import type { Diagnostic, ResolvedLink } from './types.ts';

export interface LinkCounts {
  total: number;
  resolved: number;
  redirect: number;
  fixable: number;
  unresolved: number;
  unresolvedInGraph: number;
}

export interface CheckReport {
  pages: number;
  links: LinkCounts;
  stubs: string[];
  duplicates: { canonical: string; members: string[] }[];
  redirectErrors: number;
  invalidFrontMatter: string[];
  diagnostics: Diagnostic[];
}

export function linkCounts(links: Iterable<ResolvedLink>): LinkCounts {
  const counts = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0, unresolvedInGraph: 0 };
  for (const link of links) {
    counts.total++;
    counts[link.class]++;
    if (isUnresolvedGraphLink(link)) counts.unresolvedInGraph++;
  }
  return counts;
}

/** Pages whose front-matter failed (malformed YAML, schema violations, duplicate ids), from their diagnostics. */
export function invalidFrontMatterOf(diagnostics: Iterable<Diagnostic>): VaultPath[] {
  const invalid = new Set<VaultPath>();
  for (const d of diagnostics) if (d.severity === 'error' && /^(yaml|frontmatter)-/.test(d.rule)) invalid.add(d.file);
  return [...invalid].sort(byCodePoint);
}

export function checkReport(vault: Vault): CheckReport {
  return {
    pages: vault.pages.size,
    links: linkCounts(vault.links),
    stubs: [...vault.stubs.keys()].sort(byCodePoint),
    duplicates: vault.duplicates.map((c) => ({ canonical: c.canonical, members: [...c.members] })),
    redirectErrors: vault.redirects.broken.size,
    invalidFrontMatter: vault.invalidFrontMatter,
    diagnostics: vault.diagnostics,
  };
}

export function hasErrors(report: Pick<CheckReport, 'diagnostics'>): boolean {
  return report.diagnostics.some((d) => d.severity === 'error');
}
