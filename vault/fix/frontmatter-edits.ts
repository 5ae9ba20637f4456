// Front-matter edits that touch only the changed keys' lines and keep their style (spec §7).
import { eolOf, type TextEdit } from '../edits.ts';
import { keySpansOf } from '../frontmatter-keys.ts';
import { key } from '../paths.ts';
import type { KeySpan, Page } from '../types.ts';
import { yamlScalar } from './yaml-scalar.ts';

function spanOf(page: Page, text: string, name: string): KeySpan | undefined {
  return keySpansOf(text, page.frontMatter).find((k) => k.key === name);
}

/** Where a missing key goes: a new last line of the front-matter, just before the closing fence. */
function appendLine(page: Page, text: string, line: string): TextEdit {
  const eol = eolOf(text);
  // yamlEnd is the end of the last YAML line, before its line break; an empty block has no such line,
  // so the key goes right after the opening fence's line.
  if (page.frontMatter.yamlEnd === page.frontMatter.yamlStart) {
    const at = text.indexOf('\n', page.frontMatter.start) + 1;
    return { start: at, end: at, newText: `${line}${eol}` };
  }
  const at = page.frontMatter.yamlEnd;
  return { start: at, end: at, newText: `${eol}${line}` };
}

/** Sets a scalar key, replacing only its value, or adds it as the last line. */
export function setScalar(page: Page, text: string, name: string, value: string): TextEdit[] {
  const current = page.frontMatter.data?.[name];
  if (current === value) return [];
  const span = spanOf(page, text, name);
  const written = yamlScalar(value, false);
  if (!span) return [appendLine(page, text, `${name}: ${written}`)];
  if (span.style === 'empty') return [{ start: span.end, end: span.end, newText: ` ${written}` }];
  return [{ start: span.valueStart, end: span.valueEnd, newText: written }];
}

/** Appends aliases to the list in its own style (flow `[a, b]` or block `- a`), skipping ones already there by key. */
export function appendAliases(page: Page, text: string, wanted: string[], exclude: string[] = []): { edits: TextEdit[]; added: string[] } {
  const have = new Set([...page.aliases, ...exclude].map(key));
  const added: string[] = [];
  for (const alias of wanted) {
    const k = key(alias);
    if (k === '' || have.has(k)) continue;
    have.add(k);
    added.push(alias);
  }
  if (added.length === 0) return { edits: [], added };
  const span = spanOf(page, text, 'aliases');
  if (!span || span.style === 'empty') {
    const line = `aliases: [${added.map((a) => yamlScalar(a, true)).join(', ')}]`;
    if (!span) return { edits: [appendLine(page, text, line)], added };
    return { edits: [{ start: span.start, end: span.end, newText: line }], added };
  }
  if (span.style === 'flow') {
    const inner = text.slice(span.valueStart, span.valueEnd);
    const close = span.valueStart + inner.lastIndexOf(']');
    const empty = inner.slice(1, inner.lastIndexOf(']')).trim() === '';
    const items = added.map((a) => yamlScalar(a, true)).join(', ');
    // Insert right after the last item, so `[a, b ]` keeps its spacing style.
    let at = close;
    while (at > span.valueStart + 1 && /\s/.test(text[at - 1]!)) at--;
    return { edits: [{ start: at, end: at, newText: empty ? items : `, ${items}` }], added };
  }
  if (span.style === 'block') {
    const eol = eolOf(text);
    const block = text.slice(span.start, span.end);
    const itemIndent = /\n([ \t]*)- /.exec(block)?.[1] ?? '  ';
    return { edits: [{ start: span.end, end: span.end, newText: added.map((a) => `${eol}${itemIndent}- ${yamlScalar(a, false)}`).join('') }], added };
  }
  // A single string alias (Obsidian allows it): turn it into a flow list with the old value first.
  const old = text.slice(span.valueStart, span.valueEnd);
  return { edits: [{ start: span.valueStart, end: span.valueEnd, newText: `[${old}, ${added.map((a) => yamlScalar(a, true)).join(', ')}]` }], added };
}
