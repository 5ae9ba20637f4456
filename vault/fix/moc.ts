// Category MOCs (spec §8): one per category; kb owns only the region between the markers.
import { eolOf, type FileChange, type TextEdit } from '../edits.ts';
import { asVaultPath, byCodePoint, key, type VaultPath } from '../paths.ts';
import type { Diagnostic, Page } from '../types.ts';
import type { Vault } from '../vault.ts';
import { linkNameFor } from './link-edits.ts';
import { yamlScalar } from './yaml-scalar.ts';

export const MOC_BEGIN = '<!-- moc:begin -->';
export const MOC_END = '<!-- moc:end -->';

export interface MocPlan {
  changes: FileChange[];
  /** Categories whose MOC was created or whose region changed. */
  written: { category: string; path: VaultPath; created: boolean; members: number }[];
  diagnostics: Diagnostic[];
}

/** Pages a category's MOC lists: non-redirect, non-MOC, non-stub pages whose front-matter parsed. */
export function mocMembers(vault: Vault): Map<string, Page[]> {
  const byCategory = new Map<string, Page[]>();
  for (const page of vault.pages.values()) {
    if (page.kind !== 'topic' || vault.stubs.has(page.path) || page.frontMatter.data === null || page.category === null) continue;
    const list = byCategory.get(page.category);
    if (list) list.push(page);
    else byCategory.set(page.category, [page]);
  }
  for (const list of byCategory.values()) list.sort((a, b) => byCodePoint(key(a.title), key(b.title)) || byCodePoint(a.path, b.path));
  return byCategory;
}

/** The span kb owns in a MOC's text, markers included, or null when the markers are missing. */
export function findMocRegion(text: string): { start: number; end: number } | null {
  const start = text.indexOf(MOC_BEGIN);
  const end = start === -1 ? -1 : text.indexOf(MOC_END, start);
  return start === -1 || end === -1 ? null : { start, end: end + MOC_END.length };
}

export function renderMocRegion(members: Page[], vault: Vault, eol: string): string {
  const items = members.map((p) => `- [[${linkNameFor(p.path, vault.resolver)}]]`);
  return [MOC_BEGIN, ...items, MOC_END].join(eol);
}

export function planMocs(vault: Vault): MocPlan {
  const plan: MocPlan = { changes: [], written: [], diagnostics: [] };
  const members = mocMembers(vault);
  const mocs = new Map<string, Page[]>();
  for (const page of vault.pages.values()) {
    if (page.kind !== 'moc' || page.category === null) continue;
    const list = mocs.get(page.category);
    if (list) list.push(page);
    else mocs.set(page.category, [page]);
  }
  for (const [category, list] of mocs) {
    if (list.length > 1) {
      for (const extra of list.slice(1)) {
        plan.diagnostics.push({ file: extra.path, line: 1, column: 1, severity: 'warning', rule: 'moc-duplicate', message: `another MOC for category ${category} exists (${list[0]!.path}); only that one is maintained` });
      }
    }
    if (!members.has(category)) {
      plan.diagnostics.push({ file: list[0]!.path, line: 1, column: 1, severity: 'warning', rule: 'moc-empty-category', message: `no pages are left in category ${category}; the MOC is kept` });
    }
  }
  const createdPaths = new Set<string>();
  for (const category of [...members.keys()].sort(byCodePoint)) {
    const pages = members.get(category)!;
    const existing = mocs.get(category)?.[0];
    if (existing) {
      const text = vault.text(existing.path);
      const found = findMocRegion(text);
      if (found === null) {
        plan.diagnostics.push({ file: existing.path, line: 1, column: 1, severity: 'warning', rule: 'moc-markers-missing', message: `the MOC has no ${MOC_BEGIN} … ${MOC_END} region; it was left alone` });
        continue;
      }
      const region = renderMocRegion(pages, vault, eolOf(text));
      const edit: TextEdit = { ...found, newText: region };
      if (text.slice(edit.start, edit.end) === region) continue;
      plan.changes.push({ kind: 'edit', path: existing.path, edits: [edit] });
      plan.written.push({ category, path: existing.path, created: false, members: pages.length });
      continue;
    }
    const last = category.slice(category.lastIndexOf('/') + 1);
    const path = asVaultPath(`${category}/${last} MOC.md`);
    if (vault.pages.has(path) || createdPaths.has(key(path))) {
      plan.diagnostics.push({ file: path, line: 1, column: 1, severity: 'warning', rule: 'moc-path-taken', message: `a page that is not a MOC already uses ${path}; add \`type: moc\` and markers to it to let kb maintain it` });
      continue;
    }
    createdPaths.add(key(path));
    const title = `${last} MOC`;
    const text = ['---', 'type: moc', `title: ${yamlScalar(title, false)}`, `category: ${yamlScalar(category, false)}`, '---', '', `# ${title}`, '', renderMocRegion(pages, vault, '\n'), ''].join('\n');
    plan.changes.push({ kind: 'create', path, text });
    plan.written.push({ category, path, created: true, members: pages.length });
  }
  return plan;
}
