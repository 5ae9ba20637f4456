// Reads the outputs a page already embeds, pairing each example with the `output` block and
// `output-chart` blocks right after it. Pure (a ParsedPage in, plain data out), so the site can
// import it to render outputs and mark the stale ones without running anything.
import { CHART_LANG, OUTPUT_LANG, pageBlocks, type ExampleBlock } from './blocks.ts';
import { chartProblem, chartSchema, type Chart } from '../schemas/chart.ts';
import type { CodeBlock, ParsedPage } from '../vault/types.ts';

/** An output block may follow its code block (or the previous output block) after at most this many blank lines. */
const MAX_GAP_LINES = 2;

export interface EmbeddedChart {
  block: CodeBlock;
  meta: Record<string, string>;
  /** The parsed chart, or null with `error` when the JSON is not a chart. */
  chart: Chart | null;
  error: string | null;
}

export interface EmbeddedOutput {
  block: CodeBlock;
  meta: Record<string, string>;
  backend: string | null;
  hash: string | null;
  /** The captured text (the block's body). */
  text: string;
}

export type OutputState =
  /** The recorded hash is the hash of the current code and setup. */
  | 'verified'
  /** An output is embedded but was produced by different code (or setup). */
  | 'stale'
  /** No output is embedded yet. */
  | 'missing'
  /** The block is not run (`norun`), so no output is expected. */
  | 'norun';

export interface ExampleWithOutput {
  example: ExampleBlock;
  output: EmbeddedOutput | null;
  charts: EmbeddedChart[];
  state: OutputState;
  /** Offsets of the embedded output and charts together (for replacing them), or null. */
  span: { start: number; end: number } | null;
}

export interface EmbeddedOutputs {
  examples: ExampleWithOutput[];
  /** Output blocks that follow no example (e.g. left behind when a block was deleted). */
  orphans: CodeBlock[];
}

/** `backend=wasm hash=abc k=v` → record. Words without `=` are ignored. */
export function parseMeta(meta: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of (meta ?? '').split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

function readChart(block: CodeBlock): EmbeddedChart {
  const meta = parseMeta(block.meta);
  let parsed: unknown;
  try {
    parsed = JSON.parse(block.value);
  } catch (error) {
    return { block, meta, chart: null, error: `invalid JSON: ${(error as Error).message}` };
  }
  const problem = chartProblem(parsed);
  return problem ? { block, meta, chart: null, error: `not a chart: ${problem}` } : { block, meta, chart: chartSchema.parse(parsed), error: null };
}

export function embeddedOutputs(page: ParsedPage): EmbeddedOutputs {
  const { examples } = pageBlocks(page);
  const byIndex = new Map(examples.map((e) => [e.index, e]));
  const result: ExampleWithOutput[] = [];
  const orphans: CodeBlock[] = [];
  let current: ExampleWithOutput | null = null;
  let previous: CodeBlock | null = null;
  page.codeBlocks.forEach((block, index) => {
    const lang = (block.lang ?? '').toLowerCase();
    const isOutput = lang === OUTPUT_LANG || lang === CHART_LANG;
    const adjacent = previous !== null && block.line - previous.endLine - 1 <= MAX_GAP_LINES;
    if (!isOutput) {
      const example = byIndex.get(index);
      current = example ? { example, output: null, charts: [], state: example.options.norun ? 'norun' : 'missing', span: null } : null;
      if (current) result.push(current);
      previous = block;
      return;
    }
    // An output belongs to the example just above; a chart may also follow that example's output.
    const attachable = current !== null && adjacent && (lang === CHART_LANG || (current.output === null && current.charts.length === 0));
    if (!current || !attachable) {
      orphans.push(block);
      previous = block;
      return;
    }
    const target: ExampleWithOutput = current;
    if (lang === OUTPUT_LANG) {
      const meta = parseMeta(block.meta);
      target.output = { block, meta, backend: meta.backend ?? null, hash: meta.hash ?? null, text: block.value };
    } else {
      target.charts.push(readChart(block));
    }
    target.span = { start: target.span?.start ?? block.start, end: block.end };
    previous = block;
  });
  for (const entry of result) {
    if (entry.example.options.norun) continue;
    const recorded = entry.output?.hash ?? null;
    entry.state = recorded === null ? 'missing' : recorded === entry.example.hash ? 'verified' : 'stale';
  }
  return { examples: result, orphans };
}
