// The `kb check --json` object, exactly shared/spec/vault.md §9.
import { isUnresolvedGraphLink } from './links.ts';
import { byCodePoint } from './paths.ts';
import type { Vault } from './vault.ts';
import type { Diagnostic } from './types.ts';

export interface CheckReport {
  pages: number;
  links: { total: number; resolved: number; redirect: number; fixable: number; unresolved: number; unresolvedInGraph: number };
  stubs: string[];
  duplicates: { canonical: string; members: string[] }[];
  redirectErrors: number;
  invalidFrontMatter: string[];
  diagnostics: Diagnostic[];
}

export function checkReport(vault: Vault): CheckReport {
  const links = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0, unresolvedInGraph: 0 };
  for (const link of vault.links) {
    links.total++;
    links[link.class]++;
    if (isUnresolvedGraphLink(link)) links.unresolvedInGraph++;
  }
  return {
    pages: vault.pages.size,
    links,
    stubs: [...vault.stubs.keys()].sort(byCodePoint),
    duplicates: vault.duplicates.map((c) => ({ canonical: c.canonical, members: [...c.members] })),
    redirectErrors: vault.redirects.broken.size,
    invalidFrontMatter: vault.invalidFrontMatter,
    diagnostics: vault.diagnostics,
  };
}

export function hasErrors(report: CheckReport): boolean {
  return report.diagnostics.some((d) => d.severity === 'error');
}
