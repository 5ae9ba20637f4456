// Which fenced blocks of a page are examples, with what options: the info string's flags read once,
// here. Blocks come from the vault engine's parser, never a second Markdown parser.
import { createHash } from 'node:crypto';
import type { CodeBlock, ParsedPage } from '../vault/types.ts';

export const EXECUTABLE_LANGS: Readonly<Record<string, 'ts' | 'js'>> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };
export const OUTPUT_LANG = 'output';
export const CHART_LANG = 'output-chart';

export interface BlockOptions {
  norun: boolean;
  setup: boolean;
  throws: boolean;
  allowLeak: boolean;
  timeoutMs: number | null;
  rtol: number | null;
  atol: number | null;
  seed: number | null;
}

export interface InfoProblem {
  message: string;
  column: number;
}

/** Parses `norun setup throws allow-leak timeout=5000 rtol=1e-3 atol=1e-6 seed=7` (in any order). */
export function parseInfo(meta: string | null): { options: BlockOptions; problems: InfoProblem[] } {
  const options: BlockOptions = { norun: false, setup: false, throws: false, allowLeak: false, timeoutMs: null, rtol: null, atol: null, seed: null };
  const problems: InfoProblem[] = [];
  const re = /\S+/g;
  for (let m = re.exec(meta ?? ''); m; m = re.exec(meta ?? '')) {
    const word = m[0];
    const [key, raw] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, null];
    const number = raw === null ? NaN : Number(raw);
    const needNumber = (check: (n: number) => boolean, what: string) => {
      if (raw === null || !Number.isFinite(number) || !check(number)) {
        problems.push({ message: `\`${key}\` needs ${what}, got \`${raw ?? ''}\``, column: m!.index });
        return null;
      }
      return number;
    };
    switch (key) {
      case 'norun': options.norun = true; break;
      case 'setup': options.setup = true; break;
      case 'throws': options.throws = true; break;
      case 'allow-leak': options.allowLeak = true; break;
      // Beyond 2^31-1 ms a timer fires at once, so a huge timeout would mean none.
      case 'timeout': options.timeoutMs = needNumber((n) => n > 0 && n <= 2 ** 31 - 1, 'a number of milliseconds between 1 and 2147483647 (2^31-1)'); break;
      case 'rtol': options.rtol = needNumber((n) => n >= 0, 'a non-negative number'); break;
      case 'atol': options.atol = needNumber((n) => n >= 0, 'a non-negative number'); break;
      case 'seed': options.seed = needNumber((n) => Number.isInteger(n) && n > 0, 'a positive integer (0 means unseeded in tfjs)'); break;
      default: problems.push({ message: `unknown flag \`${word}\` in the code block's info string`, column: m.index });
    }
  }
  return { options, problems };
}

export interface ExampleBlock {
  /** Index in `page.codeBlocks`. */
  index: number;
  block: CodeBlock;
  lang: 'ts' | 'js';
  options: BlockOptions;
  problems: InfoProblem[];
  /** The page's setup blocks that precede this block's code when it runs. */
  setup: CodeBlock[];
  /** Hash of setup, code and the flags that change the result: what an embedded output records, so a changed block shows as stale. */
  hash: string;
}

export interface NotExecutable {
  index: number;
  block: CodeBlock;
  reason: string;
}

export interface PageBlocks {
  examples: ExampleBlock[];
  /** Blocks in other languages that look like examples (e.g. `python`), listed, never silently passed. */
  notExecutable: NotExecutable[];
}

/**
 * The flags that change what a block's check means, in one canonical spelling (order and spelling in
 * the info string do not matter): loosening a tolerance, adding `norun` or `throws`, changing the
 * seed or the timeout all change the hash, so the embedded output reads as stale.
 */
export function resultFlags(options: BlockOptions): string {
  const flags: string[] = [];
  if (options.norun) flags.push('norun');
  if (options.throws) flags.push('throws');
  if (options.allowLeak) flags.push('allow-leak');
  for (const key of ['timeoutMs', 'rtol', 'atol', 'seed'] as const) if (options[key] !== null) flags.push(`${key}=${options[key]}`);
  return flags.join(' ');
}

/** The hash an output records: setup code, the block's code (line endings normalised), then its result flags. */
export function blockHash(setup: readonly CodeBlock[], block: CodeBlock, options: BlockOptions): string {
  const h = createHash('sha256');
  for (const part of [...setup.map((s) => s.value), block.value]) h.update(part.replace(/\r\n?/g, '\n')).update('\0');
  h.update(`flags:${resultFlags(options)}`);
  return h.digest('hex').slice(0, 16);
}

/** Languages that are data or prose, not examples: never reported as "not executable". */
const NOT_CODE = new Set(['', 'output', 'output-chart', 'text', 'txt', 'plain', 'plaintext', 'md', 'markdown', 'json', 'yaml', 'yml', 'toml', 'csv', 'mermaid', 'math', 'latex', 'tex', 'diff', 'console', 'dataview', 'query']);

export function pageBlocks(page: ParsedPage): PageBlocks {
  const examples: ExampleBlock[] = [];
  const notExecutable: NotExecutable[] = [];
  const setup: CodeBlock[] = [];
  const pending: Omit<ExampleBlock, 'setup' | 'hash'>[] = [];
  page.codeBlocks.forEach((block, index) => {
    if (!block.fenced) return;
    const lang = (block.lang ?? '').toLowerCase();
    const kind = EXECUTABLE_LANGS[lang];
    if (!kind) {
      if (!NOT_CODE.has(lang)) notExecutable.push({ index, block, reason: `\`${lang}\` blocks are not executable (only ts, typescript and js are)` });
      return;
    }
    const { options, problems } = parseInfo(block.meta);
    if (options.setup) setup.push(block);
    else pending.push({ index, block, lang: kind, options, problems });
  });
  for (const p of pending) examples.push({ ...p, setup: [...setup], hash: blockHash(setup, p.block, p.options) });
  return { examples, notExecutable };
}
