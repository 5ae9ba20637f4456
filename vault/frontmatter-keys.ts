// Where each top-level front-matter key and its value sit in the file: what edits and a few
// diagnostics need. A module of its own, on `yaml` alone (loaded when first used), so building the
// graph (which needs key positions only for duplicate-id and redirect errors) does not load the
// front-matter parser.
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { Document, Pair } from 'yaml';
import { LineIndex } from './lines.ts';
import type { FrontMatter, KeySpan } from './types.ts';

// logLevel: a template's `created: {{date}}` is a map used as a key, which `yaml` would otherwise
// announce on the process's stderr as a warning while converting it.
export const YAML_OPTIONS = { schema: 'core', uniqueKeys: true, prettyErrors: false, keepSourceTokens: false, logLevel: 'error' } as const;

const require = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;

/**
 * The `yaml` package, loaded when first used: most checks need it for a handful of pages at most (a
 * block js-yaml refuses, a duplicate id's position), and loading it is a tenth of what an incremental
 * `kb check` costs on the thread that parses the edited pages.
 */
export function yaml(): typeof Yaml {
  return (yamlModule ??= require('yaml') as typeof Yaml);
}

/**
 * The key spans of a page's front-matter, parsed again from its text: only edits and a few
 * diagnostics need them, and keeping them for every page would double the parse cache.
 */
export function keySpansOf(text: string, fm: FrontMatter, lines: LineIndex = new LineIndex(text)): KeySpan[] {
  if (!fm.present || fm.yamlEnd <= fm.yamlStart) return [];
  return keySpans(yaml().parseDocument(text.slice(fm.yamlStart, fm.yamlEnd), YAML_OPTIONS), fm.yamlStart, lines);
}

export function keySpans(doc: Document.Parsed, base: number, lines: LineIndex): KeySpan[] {
  const { isMap, isScalar, isSeq } = yaml();
  if (!isMap(doc.contents)) return [];
  const spans: KeySpan[] = [];
  for (const pair of doc.contents.items as Pair[]) {
    const keyNode = pair.key;
    if (!isScalar(keyNode) || !keyNode.range) continue;
    const value = pair.value;
    const valueRange = value && typeof value === 'object' && 'range' in value && value.range ? (value.range as [number, number, number]) : null;
    const start = base + keyNode.range[0];
    const valueStart = valueRange ? base + valueRange[0] : base + keyNode.range[1];
    const valueEnd = valueRange ? base + valueRange[1] : base + keyNode.range[1];
    const style: KeySpan['style'] = isSeq(value) || isMap(value) ? (value.flow ? 'flow' : 'block') : value == null || (isScalar(value) && value.value === null && valueRange && valueRange[0] === valueRange[1]) ? 'empty' : 'scalar';
    const point = lines.point(start);
    // A block value's range can run into the next line's start; the item ends at its last non-space character.
    let end = Math.max(valueEnd, base + keyNode.range[1]);
    while (end > start && /\s/.test(lines.text[end - 1]!)) end--;
    spans.push({ key: String(keyNode.value), start, end, valueStart, valueEnd: Math.min(valueEnd, end), style, line: point.line, column: point.column });
  }
  return spans;
}

