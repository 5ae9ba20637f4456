// Loads named functions from a content page's code blocks, so the tests of a measure check the very
// code the page shows (not a copy of it). The page's setup blocks and each block declaring one of
// the names run on the tfjs cpu backend with a silent console and plot.
import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { parsePage } from '../../vault/parse-page.ts';

const root = new URL('../../', import.meta.url);
const RUNNABLE = new Set(['ts', 'typescript', 'js', 'javascript']);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

let tfReady: Promise<unknown> | undefined;
async function cpuTf(): Promise<unknown> {
  tfReady ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    await tf.ready();
    return tf;
  })();
  return tfReady;
}

const silentPlot = { line() {}, scatter() {}, bar() {} };
const silentConsole = { ...console, log() {}, info() {}, warn() {}, error() {}, table() {} };

// Values from page code are as dynamic as the page: tests state the signature they rely on.
export async function pageFunctions(pagePath: string, names: string[]): Promise<Record<string, any>> {
  const page = parsePage(pagePath, readFileSync(new URL(pagePath, root)));
  const blocks = page.codeBlocks.filter((b) => b.lang !== null && RUNNABLE.has(b.lang) && !/\bnorun\b/.test(b.meta ?? ''));
  const declares = (code: string, name: string) => new RegExp(`(?:^|\\n)\\s*(?:export\\s+)?(?:async\\s+)?(?:function\\*?|const|let|class)\\s+${name}\\b`).test(code);
  const setup = blocks.filter((b) => /\bsetup\b/.test(b.meta ?? ''));
  const chosen = blocks.filter((b) => !setup.includes(b) && names.some((n) => declares(b.value, n)));
  for (const name of names) {
    if (![...setup, ...chosen].some((b) => declares(b.value, name))) throw new Error(`${pagePath}: no code block declares \`${name}\``);
  }
  // Each block runs in its own scope with the setup code prepended, as the runner runs it; the
  // requested names are copied out of whichever scope declares them.
  const setupCode = setup.map((b) => b.value).join('\n');
  const scopes = (chosen.length > 0 ? chosen.map((b) => `${setupCode}\n${b.value}`) : [setupCode]).map(
    (code) => `{\n${code}\n${names.map((n) => `try { __${n} = ${n}; } catch {}`).join(' ')}\n}`,
  );
  const program = `async function __page() {\n${names.map((n) => `let __${n};`).join('\n')}\n${scopes.join('\n')}\nreturn { ${names.map((n) => `${n}: __${n}`).join(', ')} };\n}`;
  const { code } = await transform(program, { loader: 'ts', target: 'es2022' }).catch((error: Error) => {
    throw new Error(`${pagePath}: the code blocks do not compile: ${error.message}`);
  });
  const run = new AsyncFunction('tf', 'plot', 'console', `${code}\nreturn __page();`);
  return (await run(await cpuTf(), silentPlot, silentConsole)) as Record<string, never>;
}
