// `kb fix` as a plan: spec §7 steps 1–5 computed as file changes (text edits, creations, deletions)
// over the loaded vault, each step's result feeding the next. Nothing is written here.
import { applyEdits, type FileChange, type TextEdit } from '../edits.ts';
import { isUnresolvedGraphLink } from '../links.ts';
import { parsePage } from '../parse-page.ts';
import { byCodePoint, type VaultPath } from '../paths.ts';
import { idOf } from '../redirects.ts';
import type { Diagnostic, Page, ResolvedLink } from '../types.ts';
import { stubsToTrash } from '../stubs.ts';
import { Vault } from '../vault.ts';
import { appendAliases, setScalar } from './frontmatter-edits.ts';
import { linkNameFor, pruneGraphLine, rewriteLink, rewriteReason, type RewriteReason } from './link-edits.ts';
import { findMocRegion, planMocs } from './moc.ts';

import { defaultFixSteps, FIX_STEPS, type FixStep } from './steps.ts';

export { defaultFixSteps, FIX_STEPS, type FixStep };

export interface FixSummary {
  deleted: string[];
  redirectsCreated: { path: string; canonical: string }[];
  aliasesAdded: number;
  linksRewritten: Record<RewriteReason, number>;
  graphLinksRemoved: number;
  mocs: { category: string; path: string; created: boolean; members: number }[];
  filesChanged: number;
}

export interface FixPlan {
  changes: FileChange[];
  summary: FixSummary;
  diagnostics: Diagnostic[];
}

export function planFix(vault: Vault, only: readonly FixStep[] = defaultFixSteps(vault.profile, vault.settings.config)): FixPlan {
  const steps = new Set(only);
  const summary: FixSummary = { deleted: [], redirectsCreated: [], aliasesAdded: 0, linksRewritten: { redirect: 0, fixable: 0, title: 0, alias: 0 }, graphLinksRemoved: 0, mocs: [], filesChanged: 0 };
  const deleted = new Set<VaultPath>();
  // Edits per file, relative to the file as it is on disk now.
  const edits = new Map<VaultPath, TextEdit[]>();
  const addEdits = (path: VaultPath, list: TextEdit[]) => {
    if (list.length === 0) return;
    const existing = edits.get(path);
    if (existing) existing.push(...list);
    else edits.set(path, [...list]);
  };

  // Step 1: stubs go to .trash/.
  if (steps.has('stubs')) for (const path of stubsToTrash(vault.stubs.keys(), vault.pages, vault.links, vault.profile)) deleted.add(path);

  // Step 2: non-canonical cluster members become redirects; their names join the canonical's aliases.
  if (steps.has('duplicates')) {
    for (const cluster of vault.duplicates) {
      const canonical = vault.pages.get(cluster.canonical)!;
      const canonicalId = idOf(canonical);
      if (canonicalId === null) continue;
      const wanted: string[] = [];
      for (const memberPath of cluster.members) {
        const member = vault.pages.get(memberPath)!;
        const text = vault.text(memberPath);
        addEdits(memberPath, [...setScalar(member, text, 'duplicate_of', canonicalId), ...setScalar(member, text, 'canonical_id', canonicalId), ...setScalar(member, text, 'status', 'redirect')]);
        summary.redirectsCreated.push({ path: memberPath, canonical: cluster.canonical });
        wanted.push(member.title, ...member.aliases);
      }
      const { edits: aliasEdits, added } = appendAliases(canonical, vault.text(cluster.canonical), wanted, [canonical.title]);
      addEdits(cluster.canonical, aliasEdits);
      summary.aliasesAdded += added.length;
    }
  }

  // The vault after steps 1–2: the few changed pages are parsed again, everything else is reused.
  const texts = new Map<VaultPath, string>();
  for (const [path, list] of edits) texts.set(path, applyEdits(vault.text(path), list));
  const middle = deleted.size === 0 && texts.size === 0 ? vault : rebuild(vault, deleted, texts);

  // Steps 3–5 are planned on that vault. Their edits are in page bodies while steps 1–2 only
  // touched front-matter, so an offset in the middle vault maps back to the disk text by the
  // page's front-matter shift.
  const toDisk = (path: VaultPath, list: TextEdit[]): TextEdit[] => {
    const shift = texts.has(path) ? frontMatterShift(vault, middle, path) : 0;
    return shift === 0 ? list : list.map((e) => ({ start: e.start - shift, end: e.end - shift, newText: e.newText }));
  };
  // Step 5 regenerates the MOC regions whole, so steps 3–4 leave them alone and no edits overlap.
  const mocRegions = new Map<VaultPath, { start: number; end: number }>();
  if (steps.has('moc')) {
    for (const page of middle.pages.values()) {
      const region = page.kind === 'moc' ? findMocRegion(middle.text(page.path)) : null;
      if (region) mocRegions.set(page.path, region);
    }
  }
  for (const page of middle.pages.values()) {
    const links = middle.outlinks(page.path);
    const region = mocRegions.get(page.path);
    const inRegion = (l: ResolvedLink) => region !== undefined && l.start >= region.start && l.end <= region.end;
    const list: TextEdit[] = [];
    if (steps.has('links')) {
      for (const link of links) {
        const reason = rewriteReason(link);
        if (reason === null || inRegion(link)) continue;
        list.push(rewriteLink(link, linkNameFor(link.finalTarget!, middle.resolver)));
        summary.linksRewritten[reason]++;
      }
    }
    if (steps.has('graph') && page.graph) {
      const byLine = new Map<number, { remove: ResolvedLink[]; kept: number }>();
      for (const link of links) {
        if (!link.inGraph || inRegion(link)) continue;
        const entry = byLine.get(link.line) ?? { remove: [], kept: 0 };
        if (isUnresolvedGraphLink(link)) entry.remove.push(link);
        else entry.kept++;
        byLine.set(link.line, entry);
      }
      const text = middle.text(page.path);
      const lines = middle.lineIndex(page.path);
      for (const [line, { remove, kept }] of byLine) {
        if (remove.length === 0) continue;
        list.push(...pruneGraphLine(text, lines, line, remove, kept));
        summary.graphLinksRemoved += remove.length;
      }
    }
    addEdits(page.path, toDisk(page.path, list));
  }

  // Step 5. Steps 3–4 change no page's kind, category, title or stub status (the Graph section
  // does not count towards the stub test, and a rewrite only lengthens a link), so the MOCs are
  // planned on the vault after steps 1–2 instead of parsing every rewritten page again.
  const diagnostics: Diagnostic[] = [];
  const created: FileChange[] = [];
  if (steps.has('moc')) {
    const mocPlan = planMocs(middle);
    diagnostics.push(...mocPlan.diagnostics);
    summary.mocs = mocPlan.written;
    for (const change of mocPlan.changes) {
      if (change.kind === 'create') created.push(change);
      else if (change.kind === 'edit') addEdits(change.path, toDisk(change.path, change.edits));
    }
  }

  const changes: FileChange[] = [];
  for (const path of [...edits.keys()].sort(byCodePoint)) {
    if (deleted.has(path)) continue;
    if (applyEdits(vault.text(path), edits.get(path)!) !== vault.text(path)) changes.push({ kind: 'edit', path, edits: edits.get(path)! });
  }
  changes.push(...created);
  for (const path of [...deleted].sort(byCodePoint)) changes.push({ kind: 'delete', path });
  summary.deleted = [...deleted].sort(byCodePoint);
  summary.filesChanged = changes.length;
  return { changes, summary, diagnostics };
}

/** A vault with some pages deleted and some texts replaced, re-parsing only those. */
function rebuild(base: Vault, deleted: Set<VaultPath>, texts: Map<VaultPath, string>): Vault {
  const pages: Page[] = [];
  for (const page of base.pages.values()) {
    if (deleted.has(page.path)) continue;
    const text = texts.get(page.path);
    pages.push(text === undefined ? page : parsePage(page.path, text, { profile: base.profile }));
  }
  for (const [path, text] of texts) if (!base.pages.has(path)) pages.push(parsePage(path, text, { profile: base.profile }));
  return new Vault({
    dir: base.dir,
    profile: base.profile,
    settings: base.settings,
    pages,
    attachments: base.attachments,
    texts: { get: (path) => texts.get(path) ?? (base.pages.has(path) ? base.text(path) : undefined) },
  });
}

/** How far the body moved when steps 1–2 edited a page's front-matter. */
function frontMatterShift(before: Vault, after: Vault, path: VaultPath): number {
  return after.pages.get(path)!.frontMatter.end - before.pages.get(path)!.frontMatter.end;
}
