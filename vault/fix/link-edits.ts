// Link rewrites (spec §7 step 3) and Graph-section pruning (step 4), as text edits.
import type { TextEdit } from '../edits.ts';
import type { LineIndex } from '../lines.ts';
import type { Resolver } from '../resolve.ts';
import { pageNameOf, stripMd, type VaultPath } from '../paths.ts';
import type { ResolvedLink } from '../types.ts';

export type RewriteReason = 'redirect' | 'fixable' | 'title' | 'alias';

/** Why a link must be rewritten, or null: redirects, near misses, and links Obsidian itself would not resolve. */
export function rewriteReason(link: ResolvedLink): RewriteReason | null {
  if (link.class === 'redirect' && link.finalTarget !== null) return 'redirect';
  if (link.class === 'fixable' && link.finalTarget !== null) return 'fixable';
  if (link.class === 'resolved' && (link.resolution.rule === 'title' || link.resolution.rule === 'alias')) return link.resolution.rule;
  return null;
}

/**
 * How a link names a page so that it resolves by rule 1 or 2: its name; its path without `.md` when
 * another page has the same name; with `.md` kept only when the name could reach a file that is not
 * the page (spec §7 step 3: `[[Node.js]]` and `[[v1.2]]` need none).
 */
export function linkNameFor(path: VaultPath, resolver: Resolver): string {
  const name = pageNameOf(path);
  const target = resolver.pagesNamed(name).length > 1 ? stripMd(path) : name;
  return resolver.needsMdSuffix(target) ? `${target}.md` : target;
}

/** `[[Old#a]]` → `[[New#a|Old > a]]`: the target changes, the text a reader saw does not. */
export function rewriteLink(link: ResolvedLink, newTarget: string): TextEdit {
  const divider = link.inTable ? '\\|' : '|';
  const anchor = link.anchor !== null ? `#${link.anchor}` : '';
  let display = '';
  if (!link.embed) {
    if (link.display !== null) display = `${divider}${link.display}`;
    else display = `${divider}${link.target}${link.anchor !== null ? ` > ${link.anchor}` : ''}`;
  }
  return { start: link.start, end: link.end, newText: `${link.embed ? '!' : ''}[[${newTarget}${anchor}${display}]]` };
}

const SEPARATORS = [' · ', ', ', ' | '];

/**
 * Removes links from one Graph-section line, each with one adjacent separator; the whole line goes
 * when no link is left and nothing but separators, a list marker and a label such as `부모:` remain.
 */
export function pruneGraphLine(text: string, lines: LineIndex, line: number, remove: ResolvedLink[], keptOnLine: number): TextEdit[] {
  const lineStart = lines.lineStart(line);
  const lineEnd = lines.lineEnd(line);
  if (keptOnLine === 0) {
    const spans: [number, number][] = remove.map((l) => [l.start, l.end]);
    let rest = '';
    let cursor = lineStart;
    for (const [a, b] of spans.sort((x, y) => x[0] - y[0])) {
      rest += text.slice(cursor, a);
      cursor = b;
    }
    rest += text.slice(cursor, lineEnd);
    if (/^\s*(?:[-*+]|\d+[.)])?\s*(?:[^[\]:]{0,40}:)?[\s·,|]*$/.test(rest)) {
      const next = lines.lineStart(line + 1);
      return [{ start: lineStart, end: next > lineEnd ? next : lineEnd, newText: '' }];
    }
  }
  // Each link takes the separator before it when that one is still free, else the one after it,
  // so `A · B · C` minus B and C leaves `A`, and minus A and B leaves `C`.
  const used = new Set<number>();
  const edits: TextEdit[] = [];
  for (const link of [...remove].sort((a, b) => a.start - b.start)) {
    const before = SEPARATORS.find((sep) => link.start - sep.length >= lineStart && text.startsWith(sep, link.start - sep.length));
    if (before && !used.has(link.start - before.length)) {
      used.add(link.start - before.length);
      edits.push({ start: link.start - before.length, end: link.end, newText: '' });
      continue;
    }
    const after = SEPARATORS.find((sep) => text.startsWith(sep, link.end));
    if (after && !used.has(link.end)) {
      used.add(link.end);
      edits.push({ start: link.start, end: link.end + after.length, newText: '' });
    } else edits.push({ start: link.start, end: link.end, newText: '' });
  }
  return edits;
}
