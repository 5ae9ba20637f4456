// Front-matter: gray-matter finds the block, a YAML 1.2 core-schema engine parses it. Configured
// deliberately: dates stay strings (so `2026-13-45` is a schema error and not a crash), no
// gray-matter cache shared between calls, and every position mapped to the file's line and column.
import matter from 'gray-matter';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { keySpans, keySpansOf, yaml, YAML_OPTIONS } from './frontmatter-keys.ts';
import { LineIndex } from './lines.ts';
import type { Diagnostic, FrontMatter, KeySpan } from './types.ts';
import type { VaultPath } from './paths.ts';
import type { Profile } from '../schemas/profiles.ts';

/** An opening `---` on the first line and a closing `---` (or `...`) line; Obsidian ignores an unclosed block. */
const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*\r?$/m;

export interface FrontMatterResult {
  frontMatter: FrontMatter;
  /** Top-level keys in file order, worked out when asked; not part of the page (and its cache), see `keySpansOf`. */
  keys: () => KeySpan[];
  diagnostics: Diagnostic[];
}

/**
 * Two engines, one reading. js-yaml reads a well-formed block ten times faster than `yaml` and, on
 * the core schema, to the same values (tests/vault/frontmatter-engines.test.ts); `yaml` reads
 * every block js-yaml refuses, because it reports all errors with positions (duplicate keys
 * included), and every block with tags, anchors or aliases, where the two differ (unknown tags,
 * alias limits).
 */
const NEEDS_REFERENCE_ENGINE = /(?:^|[\s:,[{-])[!&*]\S/m;

function fastRead(source: string): { value: unknown } | null {
  if (NEEDS_REFERENCE_ENGINE.test(source)) return null;
  try {
    return { value: loadYaml(source, { schema: CORE_SCHEMA }) };
  } catch {
    return null;
  }
}

/** Under `obsidian` only YAML that does not parse is an error (spec §5); a list or scalar block reads as no properties. */
export function parseFrontMatter(path: VaultPath, text: string, lines: LineIndex, profile: Profile = 'topic'): FrontMatterResult {
  const notAMapSeverity = profile === 'obsidian' ? 'warning' : 'error';
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const absent: FrontMatter = { present: false, data: {}, start: bom, end: bom, yamlStart: bom, yamlEnd: bom };
  const open = OPEN.exec(text.slice(bom, bom + 8));
  if (!open) return { frontMatter: absent, keys: () => [], diagnostics: [] };
  const afterOpen = bom + open[0].length;
  const close = CLOSE.exec(text.slice(afterOpen));
  // gray-matter would swallow the whole file as YAML here; Obsidian shows it as text, so do we.
  if (!close) return { frontMatter: absent, keys: () => [], diagnostics: [diagnostic(path, lines, bom, 'warning', 'frontmatter-unclosed', 'front-matter opened with --- is never closed; the page is read as having none')] };

  // gray-matter hands the engine everything from just after the opening `---` to just before the
  // closing line's `\n`: the opening line break is skipped and a CRLF file's final `\r` dropped, so
  // the YAML sees exactly the lines between the fences and its offsets map back by one addition.
  let source: string | undefined;
  let leading = 0;
  const closeLineStart = afterOpen + close.index;
  const end = Math.min(text.length, closeLineStart + close[0].length + (text[closeLineStart + close[0].length] === '\n' ? 1 : 0));
  // Passing options keeps gray-matter from caching parsed objects in a map shared by every call (it
  // still looks its input up there, hashing it whole: so it is given the block, not the page).
  matter(text.slice(bom, end), {
    excerpt: false,
    // gray-matter alone closes only on `---`: past a `...` line it would read on into the body.
    delimiters: ['---', close[0].slice(0, 3)],
    engines: {
      yaml: (raw: string) => {
        leading = /^\r?\n/.exec(raw)?.[0].length ?? 0;
        source = raw.slice(leading).replace(/\r$/, '');
        return {};
      },
    },
  });
  const yamlStart = bom + 3 + leading;
  const yamlEnd = yamlStart + (source?.length ?? 0);
  const frontMatter = (data: FrontMatter['data']): FrontMatter => ({ present: true, data, start: bom, end, yamlStart, yamlEnd });
  const diagnostics: Diagnostic[] = [];
  if (source === undefined) return { frontMatter: frontMatter({}), keys: () => [], diagnostics };

  const fast = fastRead(source);
  if (fast) {
    const data = asMap(fast.value, () => diagnostics.push(notAMap(path, lines, yamlStart, notAMapSeverity)));
    const fm = frontMatter(data);
    return { frontMatter: fm, keys: () => keySpansOf(text, fm, lines), diagnostics };
  }

  const doc = yaml().parseDocument(source, YAML_OPTIONS);
  for (const error of doc.errors) {
    diagnostics.push(diagnostic(path, lines, yamlStart + error.pos[0], 'error', 'yaml-syntax', `malformed YAML: ${firstLine(error.message)}`));
  }
  let data: Record<string, unknown> | null;
  try {
    data = asMap(doc.toJS({ maxAliasCount: 100 }), () => diagnostics.push(notAMap(path, lines, yamlStart, notAMapSeverity)));
  } catch (error) {
    data = null;
    diagnostics.push(diagnostic(path, lines, yamlStart, 'error', 'yaml-syntax', `malformed YAML: ${firstLine(String((error as Error).message))}`));
  }
  if (doc.errors.length > 0 && data !== null && Object.keys(data).length === 0) data = null;
  return { frontMatter: frontMatter(data), keys: () => keySpans(doc, yamlStart, lines), diagnostics };
}

/** The front-matter as a map; anything else (a list, a lone scalar) is reported and reads as none. */
function asMap(value: unknown, report: () => void): Record<string, unknown> | null {
  if (value === null || value === undefined) return {};
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  report();
  return null;
}

function notAMap(path: VaultPath, lines: LineIndex, yamlStart: number, severity: Diagnostic['severity']): Diagnostic {
  return diagnostic(path, lines, yamlStart, severity, 'frontmatter-not-a-map', 'front-matter must be a map of keys to values');
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export function diagnostic(path: VaultPath, lines: LineIndex, offset: number, severity: Diagnostic['severity'], rule: string, message: string): Diagnostic {
  const { line, column } = lines.point(offset);
  return { file: path, line, column, severity, rule, message };
}
