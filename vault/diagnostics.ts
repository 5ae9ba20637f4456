// Vault-level diagnostics (links, stubs, duplicates); vfile-messages.ts turns them into vfile messages.
import { byCodePoint, type VaultPath } from './paths.ts';
import type { Cluster } from './duplicates.ts';
import type { Diagnostic, Page, ResolvedLink } from './types.ts';

/** `prunesGraph`: whether `kb fix` removes unresolved Graph links by default (spec §7: not under `obsidian`). */
export function linkDiagnostics(link: ResolvedLink, prunesGraph = true): Diagnostic[] {
  const at = { file: link.from, line: link.line, column: link.column };
  const out: Diagnostic[] = [];
  if (link.resolution.ambiguous.length > 0) {
    out.push({ ...at, severity: 'warning', rule: 'ambiguous-link', message: `${link.raw} matches ${link.resolution.ambiguous.length + 1} pages; it resolves to ${link.resolution.path} (also: ${link.resolution.ambiguous.join(', ')})` });
  }
  if (link.class === 'redirect') {
    out.push({ ...at, severity: 'warning', rule: 'redirect-link', message: `${link.raw} points at a redirect page${link.finalTarget ? `; kb fix points it at ${link.finalTarget}` : ''}` });
  } else if (link.class === 'fixable') {
    out.push({ ...at, severity: 'warning', rule: 'fixable-link', message: `${link.raw} does not resolve; it most likely means ${link.finalTarget} (kb fix rewrites it)` });
  } else if (link.class === 'unresolved') {
    const graph = link.inGraph ? (prunesGraph ? ' (kb fix removes it from the Graph section)' : ' (kb fix --only graph would remove it from the Graph section)') : '';
    out.push({ ...at, severity: link.inGraph && prunesGraph ? 'warning' : 'info', rule: link.inGraph ? 'unresolved-graph-link' : 'unresolved-link', message: `${link.raw} resolves to no ${link.embed ? 'file' : 'page'}${graph}` });
  }
  return out;
}

export function stubDiagnostic(page: Page, reason: string, fate = 'kb fix moves it to .trash/'): Diagnostic {
  return { file: page.path, line: 1, column: 1, severity: 'warning', rule: 'stub', message: `stub page: ${reason} (${fate})` };
}

export function duplicateDiagnostics(cluster: Cluster): Diagnostic[] {
  return cluster.members.map((member) => ({ file: member, line: 1, column: 1, severity: 'warning' as const, rule: 'duplicate', message: `duplicate of ${cluster.canonical} (kb fix turns this page into a redirect to it)` }));
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line || a.column - b.column || byCodePoint(a.rule, b.rule));
}
