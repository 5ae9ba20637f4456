// The engine's data model. Everything here is plain data (structured-cloneable), so parsed pages can
// cross worker threads and live in the on-disk cache unchanged.
import type { LinkTarget, PageName, VaultPath } from './paths.ts';

export type Severity = 'error' | 'warning' | 'info';

/** A point in a file: 1-based line and column, 0-based offset into the decoded text (BOM included). */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Point;
  end: Point;
}

/** The JSON shape of a diagnostic (shared/spec/vault.md §9); `toVFileMessage` turns it into a vfile message. */
export interface Diagnostic {
  file: VaultPath;
  line: number;
  column: number;
  severity: Severity;
  rule: string;
  message: string;
  endLine?: number;
  endColumn?: number;
}

/** Where one front-matter key sits in the file, so edits can touch just its line(s). */
export interface KeySpan {
  key: string;
  /** The whole `key: value` item, including a block value's continuation lines, without the final newline. */
  start: number;
  end: number;
  /** The value node alone. */
  valueStart: number;
  valueEnd: number;
  /** How the value is written: `[a, b]`, `- a` lines, or a scalar. */
  style: 'flow' | 'block' | 'scalar' | 'empty';
  line: number;
  column: number;
}

export interface FrontMatter {
  /** The file has a front-matter block (`---` … `---`) at its start. */
  present: boolean;
  /** Parsed values: YAML 1.2 core schema, so `2026-05-10` stays a string. `null` when the YAML is malformed. */
  data: Record<string, unknown> | null;
  /** Offsets of the whole block, fences included, and of the YAML text between the fences. */
  start: number;
  end: number;
  yamlStart: number;
  yamlEnd: number;
}

export interface WikiLink {
  /** The link as written, e.g. `[[Double-Descent#a|b]]` or `![[img.png]]`. */
  raw: string;
  target: LinkTarget;
  anchor: string | null;
  display: string | null;
  embed: boolean;
  /** Written inside a GFM table cell, where the alias divider is `\|`. */
  inTable: boolean;
  /** Inside the page's Graph section (spec §4). */
  inGraph: boolean;
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface Heading {
  depth: number;
  text: string;
  line: number;
  start: number;
  end: number;
}

export interface CodeBlock {
  lang: string | null;
  meta: string | null;
  value: string;
  /** Offsets of the whole fenced block (fences included) and of its content. */
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** Line of the first content line (the line after the opening fence). */
  contentLine: number;
  /** The nearest heading above the block, e.g. `Early stopping (val)`. */
  heading: string | null;
  fenced: boolean;
}

/** One Markdown file after parsing: no knowledge of any other page yet. */
export interface ParsedPage {
  path: VaultPath;
  name: PageName;
  /** Content hash of the raw bytes; the cache key together with the parser version. */
  hash: string;
  size: number;
  bom: boolean;
  eol: '\r\n' | '\n';
  /** The file did not decode as UTF-8 (or is mostly NUL bytes, as UTF-16 is): treated as a page with no content. */
  binary: boolean;
  frontMatter: FrontMatter;
  headings: Heading[];
  links: WikiLink[];
  codeBlocks: CodeBlock[];
  /** The Graph section's offsets (spec §4), or null. */
  graph: { start: number; end: number; headingLine: number } | null;
  /** Body text length for the stub test (spec §5): whitespace runs count as one. */
  bodyTextLength: number;
  /** Nothing but whitespace after the front-matter: the only empty note under `obsidian` (spec §5). */
  bodyEmpty: boolean;
  /** First line outside code starting with an error-capture marker (spec §5). */
  errorCapture: { line: number; column: number; marker: string } | null;
  /** Obsidian's inline `#tags` of the body (vault/inline-tags.ts), each once: found at parse time, so the site model never reads every note's text again. */
  inlineTags: string[];
  /** Problems found while parsing this file alone (YAML, schema, encoding, size). */
  diagnostics: Diagnostic[];
}

export type LinkClass = 'resolved' | 'redirect' | 'fixable' | 'unresolved';

/** How a target was matched (spec §3 rules 1–4, or an attachment / relative path / same-page anchor). */
export type ResolutionRule = 'path' | 'name' | 'title' | 'alias' | 'attachment' | 'self';

export interface Resolution {
  /** The page or attachment the target names, or null. */
  path: VaultPath | null;
  rule: ResolutionRule | null;
  attachment: boolean;
  /** Other candidates when several matched (the first rule's matches). */
  ambiguous: VaultPath[];
}

/** A link with its resolution and class: what the graph is made of. */
export interface ResolvedLink extends WikiLink {
  from: VaultPath;
  resolution: Resolution;
  class: LinkClass;
  /** For a redirect link: the final non-redirect page; for a fixable link: the page it most likely meant. */
  finalTarget: VaultPath | null;
}

export type PageKind = 'topic' | 'moc' | 'redirect';

export interface Page extends ParsedPage {
  kind: PageKind;
  title: string;
  aliases: string[];
  category: string | null;
  /** Front-matter passed the profile's schema. */
  valid: boolean;
}
