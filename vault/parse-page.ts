// One file → ParsedPage: decoding, front-matter, schema, Markdown. Pure (bytes in, data out) so it
// can run in worker threads and its result can be cached by content hash.
import { inlineTags } from './inline-tags.ts';
import { lenientItems } from '../schemas/fields.ts';
import { schemaFor, type Profile } from '../schemas/index.ts';
import { hashBytes } from './hash.ts';
import { diagnostic, parseFrontMatter } from './frontmatter.ts';
import { unsafePathReason } from './guard.ts';
import { DEFAULT_LIMITS, type ParseLimits } from './limits.ts';
import { LineIndex } from './lines.ts';
import { NestingTooDeepError, parseMarkdown, scanLinksByLine } from './markdown.ts';
import { asVaultPath, pageNameOf, type VaultPath } from './paths.ts';
import type { Diagnostic, FrontMatter, KeySpan, Page, PageKind, ParsedPage } from './types.ts';


/** Pages above this size are parsed, but flagged: they slow every tool and usually are captures gone wrong. */
export const LARGE_PAGE_BYTES = 2 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface ParseOptions {
  profile: Profile;
  /** Notes past these are reported and not parsed (default: kb's, see limits.ts). */
  limits?: ParseLimits;
}

/** Parses a file given as bytes (from disk) or as already-decoded text (from an editor or a test). */
export function parsePage(path: string, content: Uint8Array | string, options: ParseOptions = { profile: 'topic' }): Page {
  const vaultPath = asVaultPath(path);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (bytes.length > limits.maxNoteBytes) return skippedPage(vaultPath, hashBytes(bytes), bytes.length, tooLarge(bytes.length, limits), options);
  let text: string;
  let binary = false;
  const diagnostics: Diagnostic[] = [];
  try {
    text = typeof content === 'string' ? content : utf8.decode(bytes);
    // A NUL inside valid UTF-8 is text (a pasted terminal capture, a code sample); a file that is mostly
    // NULs is UTF-16 or zero-filled, not a note.
    if (mostlyNul(text)) throw new Error('NUL bytes');
  } catch {
    binary = true;
    text = '';
    diagnostics.push({ file: vaultPath, line: 1, column: 1, severity: 'error', rule: 'encoding', message: 'file is not UTF-8 text (binary or another encoding); it is kept as a page without content' });
  }
  const links = wikilinkOpenings(text, limits.maxLinksPerNote);
  if (links > limits.maxLinksPerNote) return skippedPage(vaultPath, hashBytes(bytes), bytes.length, `the note has more than ${limits.maxLinksPerNote} wikilinks (limits.maxLinksPerNote)`, options);
  const lines = new LineIndex(text);
  const fm = parseFrontMatter(vaultPath, text, lines, options.profile);
  diagnostics.push(...fm.diagnostics);
  if (bytes.length > LARGE_PAGE_BYTES) {
    diagnostics.push(diagnostic(vaultPath, lines, 0, 'warning', 'large-page', `page is ${(bytes.length / 1048576).toFixed(1)} MB; pages this large are usually captures gone wrong`));
  }
  let md: ReturnType<typeof parseMarkdown>;
  try {
    md = parseMarkdown(text, fm.frontMatter.end, lines);
  } catch (error) {
    // Pathological input must cost this page its full reading, not the whole run: its links are
    // still found line by line, and it is never taken for a stub.
    const where = error instanceof NestingTooDeepError ? lines.lineStart(error.line) : fm.frontMatter.end;
    diagnostics.push(diagnostic(vaultPath, lines, where, 'warning', 'markdown-unparsed', `Markdown was not parsed (${(error as Error).message}); links were read line by line`));
    const links = scanLinksByLine(text, fm.frontMatter.end, lines);
    md = { headings: [], links, codeBlocks: [], graph: null, bodyTextLength: text.length - fm.frontMatter.end, bodyEmpty: false, errorCapture: null };
  }
  const parsed: ParsedPage = {
    path: vaultPath,
    name: pageNameOf(vaultPath),
    hash: hashBytes(bytes),
    size: bytes.length,
    bom: text.charCodeAt(0) === 0xfeff,
    eol: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n',
    binary,
    frontMatter: fm.frontMatter,
    ...md,
    inlineTags: binary ? [] : inlineTags(text, fm.frontMatter.present ? fm.frontMatter.end : 0),
    diagnostics,
  };
  return withPageFacts(parsed, options.profile, lines, fm.keys);
}

const megabytes = (n: number) => `${(n / 1048576).toFixed(1)} MB`;

/** Why a note of `size` bytes is not parsed. */
export const tooLarge = (size: number, limits: ParseLimits) => `the note is ${megabytes(size)} (more than limits.maxNoteBytes, ${megabytes(limits.maxNoteBytes)})`;

/** How many `[[` the text holds, counting no further than just past `max`. */
function wikilinkOpenings(text: string, max: number): number {
  let count = 0;
  for (let at = text.indexOf('[['); at !== -1 && count <= max; at = text.indexOf('[[', at + 2)) count++;
  return count;
}

/**
 * A note past the limits: kept as a page without content, like an undecodable file, so it is never a
 * stub, never a duplicate, never in a MOC and never edited, and one note cannot exhaust the run.
 */
export function skippedPage(path: VaultPath, hash: string, size: number, reason: string, options: ParseOptions): Page {
  const page = parsePage(path, new Uint8Array(), options);
  // The empty page's own findings (no front-matter) would describe a text kb never read.
  const diagnostics: Diagnostic[] = [{ file: page.path, line: 1, column: 1, severity: 'warning', rule: 'note-too-large', message: `${reason}: kb did not parse it (its links, front-matter and text are not read); raise the limit in kb.config.json to include it` }];
  return { ...page, hash, size, diagnostics, valid: false, binary: true };
}

/** A file that could not be read (permissions, removed mid-run): still a page, with the reason. */
export function unreadablePage(path: string, error: unknown, options: ParseOptions = { profile: 'topic' }): Page {
  const page = parsePage(path, new Uint8Array(), options);
  const reason = error instanceof Error ? error.message : String(error);
  page.diagnostics.unshift({ file: page.path, line: 1, column: 1, severity: 'error', rule: 'unreadable', message: `file could not be read: ${reason}` });
  return { ...page, valid: false, binary: true };
}

/** Schema validation and the per-page facts the graph needs (kind, title, aliases, category). */
function withPageFacts(parsed: ParsedPage, profile: Profile, lines: LineIndex, keysOf: () => KeySpan[]): Page {
  const data = parsed.frontMatter.data;
  let valid = parsed.frontMatter.data !== null && !parsed.diagnostics.some((d) => d.severity === 'error' && d.rule !== 'large-page');
  if (data !== null && !parsed.binary) {
    if (!parsed.frontMatter.present && profile === 'topic') {
      parsed.diagnostics.push({ file: parsed.path, line: 1, column: 1, severity: 'error', rule: 'frontmatter-missing', message: 'page has no front-matter; the topic profile requires id, title, category and status' });
      valid = false;
    } else if (parsed.frontMatter.present || profile === 'topic') {
      const result = schemaFor(profile, data).safeParse(data);
      if (!result.success) {
        // Obsidian opens any front-matter that parses: a shape it cannot use is a warning there (spec §5).
        if (profile === 'topic') valid = false;
        const keys = keysOf();
        for (const issue of result.error.issues) parsed.diagnostics.push(schemaDiagnostic(parsed, issue, lines, keys, profile));
      }
    }
  } else if (parsed.binary && profile === 'topic') {
    valid = false;
  }
  const fm = data ?? {};
  const { category, refused } = categoryOf(parsed, fm, profile, lines, keysOf);
  return {
    ...parsed,
    kind: pageKind(fm),
    title: typeof fm.title === 'string' && fm.title.trim() !== '' ? fm.title : parsed.name,
    aliases: lenientItems(fm.aliases),
    category,
    valid: valid && !(refused && profile === 'topic'),
  };
}

/**
 * The page's category, or null. A category is also a folder path (its MOC goes to
 * `<category>/<last> MOC.md`), so one that would name a place outside the vault or hidden in it, or
 * hold a backslash or a control character, is reported (an error under `topic`, a warning under
 * `obsidian`) and the page has no category: no MOC is ever written for it.
 */
function categoryOf(parsed: ParsedPage, fm: Record<string, unknown>, profile: Profile, lines: LineIndex, keysOf: () => KeySpan[]): { category: string | null; refused: boolean } {
  if (typeof fm.category !== 'string' || fm.category.trim() === '') return { category: null, refused: false };
  const unsafe = unsafePathReason(fm.category);
  if (unsafe === null) return { category: fm.category, refused: false };
  const span = keysOf().find((k) => k.key === 'category');
  const reason = unsafe.replace(/^the path/, 'it');
  parsed.diagnostics.push(diagnostic(parsed.path, lines, span?.valueStart ?? parsed.frontMatter.start, profile === 'topic' ? 'error' : 'warning', 'frontmatter-category-path', `category ${JSON.stringify(fm.category)} cannot be a folder of the vault (${reason}); the page joins no MOC until it is changed`));
  return { category: null, refused: true };
}

function pageKind(fm: Record<string, unknown>): PageKind {
  if (fm.type === 'moc') return 'moc';
  if (typeof fm.duplicate_of === 'string' && fm.duplicate_of !== 'none' && fm.duplicate_of.trim() !== '') return 'redirect';
  return 'topic';
}

/** At least a quarter NUL characters: UTF-16 (every other byte of ASCII text) or a zero-filled file. */
function mostlyNul(text: string): boolean {
  let nul = 0;
  for (let i = text.indexOf('\0'); i !== -1; i = text.indexOf('\0', i + 1)) nul++;
  return nul > 0 && nul * 4 >= text.length;
}

function schemaDiagnostic(parsed: ParsedPage, issue: { path: PropertyKey[]; message: string; code: string }, lines: LineIndex, keys: KeySpan[], profile: Profile): Diagnostic {
  const fm: FrontMatter = parsed.frontMatter;
  const top = issue.path[0];
  const span = typeof top === 'string' ? keys.find((k) => k.key === top) : undefined;
  const where = span ? lines.point(span.start) : lines.point(fm.start);
  const keyPath = issue.path.map(String).join('.');
  const missing = issue.code === 'invalid_type' && !span;
  return {
    file: parsed.path,
    line: where.line,
    column: where.column,
    severity: profile === 'obsidian' ? 'warning' : 'error',
    rule: missing ? 'frontmatter-missing-key' : 'frontmatter-schema',
    message: missing ? `required key \`${keyPath}\` is missing` : `\`${keyPath}\`: ${issue.message}`,
  };
}

export type { VaultPath };
