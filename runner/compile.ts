// TypeScript block (plus the page's setup blocks) → one script for the child. The source is wrapped
// in an async arrow so blocks may use top-level `await` and `return`; a source map and the list of
// segments take any position in the compiled script back to a line of the Markdown file.
import { SourceMap } from 'node:module';
import { transformSync } from 'esbuild';

/** A run of lines of the wrapped source that came from one fenced block. */
export interface Segment {
  /** First line of the segment in the wrapped source (1-based). */
  sourceLine: number;
  lines: number;
  /** The Markdown line of the segment's first line. */
  markdownLine: number;
}

export interface CompiledBlock {
  js: string;
  segments: Segment[];
  map: SourceMap;
}

export interface SourcePart {
  code: string;
  /** Markdown line of the code's first line. */
  line: number;
}

export class CompileError extends Error {
  override name = 'CompileError';
  readonly markdownLine: number;
  readonly column: number;
  constructor(message: string, markdownLine: number, column: number) {
    super(message);
    this.markdownLine = markdownLine;
    this.column = column;
  }
}

const HEAD = '(async () => {';

/** The wrapped source: setup and block lines inside an async arrow, one segment per part. */
export function wrap(parts: SourcePart[]): { source: string; segments: Segment[] } {
  const lines = [HEAD];
  const segments: Segment[] = [];
  for (const part of parts) {
    const body = part.code.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    segments.push({ sourceLine: lines.length + 1, lines: body.length, markdownLine: part.line });
    lines.push(...body);
  }
  lines.push('})');
  return { source: lines.join('\n'), segments };
}

/** The Markdown line of a line of the wrapped source, or null for the wrapper's own lines. */
export function markdownLineOf(segments: readonly Segment[], sourceLine: number): number | null {
  for (const s of segments) {
    if (sourceLine >= s.sourceLine && sourceLine < s.sourceLine + s.lines) return s.markdownLine + (sourceLine - s.sourceLine);
  }
  return null;
}

/** Compiles setup parts followed by the block itself. `lang` decides whether type syntax is allowed. */
export function compileBlock(parts: SourcePart[], lang: 'ts' | 'js'): CompiledBlock {
  const { source, segments } = wrap(parts);
  try {
    const result = transformSync(source, { loader: lang, format: 'esm', target: 'es2024', sourcemap: 'external', sourcefile: 'block.ts', logLevel: 'silent' });
    return { js: result.code, segments, map: new SourceMap(JSON.parse(result.map)) };
  } catch (error) {
    const first = (error as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    const line = first?.location ? markdownLineOf(segments, first.location.line) : null;
    throw new CompileError(first?.text ?? String(error), line ?? parts.at(-1)?.line ?? 1, (first?.location?.column ?? 0) + 1);
  }
}

/** Maps a position in the compiled script (1-based line, 0-based column) to a Markdown line and column. */
export function mapToMarkdown(compiled: CompiledBlock, line: number, column: number): { line: number; column: number } | null {
  const entry = compiled.map.findEntry(line - 1, column);
  if (!entry || !('originalLine' in entry)) return null;
  const markdownLine = markdownLineOf(compiled.segments, entry.originalLine + 1);
  return markdownLine === null ? null : { line: markdownLine, column: entry.originalColumn + 1 };
}
