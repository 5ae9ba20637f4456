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

/** One row of the summary by rule: how many diagnostics of one severity and rule, and the first of them. */
export interface RuleTally {
  severity: Diagnostic['severity'];
  rule: string;
  count: number;
  example: Diagnostic;
}

/** Diagnostics counted by severity and rule, in order of first appearance, each with its first as the example. */
export function tallyRules(diagnostics: Iterable<Diagnostic>): RuleTally[] {
  const rows = new Map<string, RuleTally>();
  for (const d of diagnostics) {
    const id = `${d.severity}\0${d.rule}`;
    const row = rows.get(id);
    if (row) row.count++;
    else rows.set(id, { severity: d.severity, rule: d.rule, count: 1, example: d });
  }
  return [...rows.values()];
}

/**
 * A page's diagnostics counted by severity and rule, as one short text (`severity rule count` rows
 * joined by `|`; rule ids hold neither): what a kept snapshot needs of a page for the summary by
 * rule, at a fraction of the cost of reading the page's diagnostics back.
 */
export function ruleCounts(diagnostics: Iterable<Diagnostic>): string {
  return tallyRules(diagnostics)
    .map((t) => `${t.severity} ${t.rule} ${t.count}`)
    .join('|');
}

/**
 * The summary by rule of a report kept as its pages' `ruleCounts`, pages in report order: counts add
 * up, and each row's example, the first diagnostic of its severity and rule, is read from the first
 * page that has one (`diagnosticsOf`: a handful of pages, one per row).
 */
export function tallyPages(pages: Iterable<{ path: string; ruleCounts: string }>, diagnosticsOf: (path: string) => Diagnostic[]): RuleTally[] {
  const rows = new Map<string, { severity: Diagnostic['severity']; rule: string; count: number; first: string }>();
  // Most pages share their counts text with many others: each distinct text is split once.
  const split = new Map<string, { id: string; severity: Diagnostic['severity']; rule: string; count: number }[]>();
  for (const page of pages) {
    if (page.ruleCounts === '') continue;
    let parts = split.get(page.ruleCounts);
    if (!parts) {
      parts = page.ruleCounts.split('|').map((row) => {
        const [severity, rule, count] = row.split(' ') as [Diagnostic['severity'], string, string];
        return { id: `${severity} ${rule}`, severity, rule, count: Number(count) };
      });
      split.set(page.ruleCounts, parts);
    }
    for (const { id, severity, rule, count } of parts) {
      const known = rows.get(id);
      if (known) known.count += count;
      else rows.set(id, { severity, rule, count, first: page.path });
    }
  }
  return [...rows.values()].map(({ severity, rule, count, first }) => ({ severity, rule, count, example: diagnosticsOf(first).find((d) => d.severity === severity && d.rule === rule)! }));
}

export function hasErrors(report: Pick<CheckReport, 'diagnostics'>): boolean {
  return report.diagnostics.some((d) => d.severity === 'error');
}
