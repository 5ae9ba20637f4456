// `kb run`: execute the vault's code examples, verify (`--check`) or embed (`--write`) their outputs.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import pc from 'picocolors';
import { CONFIG_DEFAULTS, CONFIG_FILE } from '../../schemas/config-constants.ts';
import type { BlockReport, RunLimits, RunReport } from '../../runner/run.ts';

// The libraries only `kb run` prints with, loaded when it runs rather than whenever `kb` starts (every
// other command would pay for them: a warm `kb check` is a few hundred milliseconds in all).
let SingleBar: typeof import('cli-progress').SingleBar;
let createTwoFilesPatch: typeof import('diff').createTwoFilesPatch;
let VFile: typeof import('vfile').VFile;
type VFile = import('vfile').VFile;
let reporter: typeof import('vfile-reporter').reporter;
async function loadPrinting(): Promise<void> {
  [{ SingleBar }, { createTwoFilesPatch }, { VFile }, { reporter }] = await Promise.all([import('cli-progress'), import('diff'), import('vfile'), import('vfile-reporter')]);
}

interface RunOpts {
  write?: boolean;
  check?: boolean;
  backend?: string;
  force?: boolean;
  shard?: string;
  json?: boolean;
  jobs?: string;
  memory?: string;
  cache: boolean;
  typecheck?: boolean;
  requireSandbox?: boolean;
}

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(path)));
    else if (entry.name.toLowerCase().endsWith('.md')) out.push(path);
  }
  return out;
}

async function collect(targets: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const target of targets) {
    if (!existsSync(target)) throw new Error(`${target}: no such file or folder`);
    files.push(...(statSync(target).isDirectory() ? await markdownFiles(target) : [target]));
  }
  return [...new Set(files.map((f) => relative(process.cwd(), f).replace(/\\/g, '/')))];
}

function parseShard(text: string | undefined): { index: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) throw new Error(`--shard expects i/n with 1 ≤ i ≤ n, got "${text}"`);
  return { index, count };
}

/** A positive whole number given as an option, or a usage error naming it. */
function positiveInteger(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new Error(`${option} expects a whole number of at least 1, got "${text}"`);
  return Number(text);
}

/**
 * The vault the pages belong to, for its kb.config.json: a folder given on the command line, or the
 * nearest folder above the first page holding a kb.config.json or an .obsidian/ folder.
 */
function vaultDirOf(targets: readonly string[]): string {
  const first = resolve(targets[0] ?? '.');
  if (existsSync(first) && statSync(first).isDirectory()) return first;
  for (let dir = dirname(first); ; dir = dirname(dir)) {
    if (existsSync(join(dir, CONFIG_FILE)) || existsSync(join(dir, '.obsidian'))) return dir;
    if (dirname(dir) === dir) return dirname(first);
  }
}

/** Text from a block (its output, its error) made safe for a terminal: control characters shown, not obeyed. */
function safe(text: string, escape: (t: string) => string): string {
  return text.split('\n').map(escape).join('\n');
}

const FAILING = new Set(['failed', 'stale', 'error', 'timeout']);

function problems(report: RunReport, mode: 'check' | 'write', escape: (t: string) => string): string {
  const files = new Map<string, VFile>();
  const fileFor = (path: string) => files.get(path) ?? files.set(path, new VFile({ path })).get(path)!;
  for (const b of report.blocks) {
    if (!FAILING.has(b.status) || (mode === 'write' && b.status === 'stale')) continue;
    const message = fileFor(b.file).message(safe(b.message ?? b.status, escape), { place: { line: b.line, column: b.column }, ruleId: b.rule ?? b.status, source: 'kb-run' });
    message.fatal = true;
  }
  for (const n of report.notExecutable) {
    const message = fileFor(n.file).message(n.reason, { place: { line: n.line, column: 1 }, ruleId: 'not-executable', source: 'kb-run' });
    message.fatal = false;
  }
  for (const o of report.orphans) {
    fileFor(o.file).message('output block follows no code block (left from a deleted or moved block?)', { place: { line: o.line, column: 1 }, ruleId: 'orphan-output', source: 'kb-run' }).fatal = false;
  }
  return files.size ? reporter([...files.values()], { quiet: true }) : '';
}

function diffText(b: BlockReport, escape: (t: string) => string): string {
  if (!b.diff) return '';
  const patch = createTwoFilesPatch(`${b.file}:${b.line} (embedded)`, `${b.file}:${b.line} (now)`, `${safe(b.diff.expected, escape)}\n`, `${safe(b.diff.actual, escape)}\n`, undefined, undefined, { context: 2 });
  return patch
    .split('\n')
    .slice(1)
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? pc.green(l) : l.startsWith('-') && !l.startsWith('---') ? pc.red(l) : l))
    .join('\n');
}

function summary(report: RunReport): string {
  const count = (s: string) => report.blocks.filter((b) => b.status === s).length;
  const cached = report.blocks.filter((b) => b.cached).length;
  const parts = [`${count('verified')} verified${cached ? ` (${cached} cached)` : ''}`];
  for (const s of ['written', 'failed', 'stale', 'error', 'timeout', 'skipped']) if (count(s)) parts.push(`${count(s)} ${s}`);
  if (report.notExecutable.length) parts.push(`${report.notExecutable.length} not executable`);
  if (report.conflicts.length) parts.push(`${report.conflicts.length} page(s) not written (edited during the run)`);
  const where = report.isolation ? (report.isolation.sandboxed ? ' · sandbox bubblewrap' : ' · no sandbox') : '';
  return `kb run: ${parts.join(', ')}${report.backend ? ` · backend ${report.backend}` : ''}${where}`;
}

export function register(program: Command) {
  program
    .command('run')
    .description('execute the code examples of pages (ts/js blocks on TensorFlow.js) and verify or embed their outputs')
    .argument('[paths...]', 'pages or folders', ['content'])
    .option('--check', 'verify embedded outputs; exit 1 on any drift, stale output, error, timeout or tensor leak (the default)')
    .option('--write', 'execute new or changed blocks and embed their outputs (only when two executions agree)')
    .option('--backend <name>', 'force a backend: tensorflow | wasm | cpu (default: the best available, in that order)')
    .option('--force', 'execute blocks even when the cache says they are verified')
    .option('--shard <i/n>', 'run only the i-th of n shares of the pages (for CI matrices)')
    .option('--json', 'print { "blocks": [ { file, line, status, ms, backend, leakedTensors } ] } on stdout')
    .option('--jobs <n>', 'blocks executing at once (default: the number of cores)')
    .option('--memory <MB>', 'memory cap per block process, resident MB (default 2048)')
    .option('--typecheck', 'type-check blocks against the tfjs typings first; type errors fail the run')
    .option('--no-cache', 'neither read nor update the cache of verified executions')
    .option('--require-sandbox', 'fail instead of running blocks without bubblewrap (the default when CI is set)')
    .option('--no-require-sandbox', 'run blocks with Node\'s permission model alone where bubblewrap cannot run, even in CI')
    .action(async (paths: string[], opts: RunOpts) => {
      await loadPrinting();
      if (opts.write && opts.check) throw new Error('--write and --check exclude each other');
      const jobs = positiveInteger(opts.jobs, '--jobs');
      const memoryMB = positiveInteger(opts.memory, '--memory');
      // The runner (tfjs, esbuild, the Markdown parser) loads only when a run starts: `kb --help` and
      // the other commands stay quick.
      const [{ isBackendName }, { runVault }, { escapeControls }, { loadConfig, chooseProfile }] = await Promise.all([
        import('../../runner/backends.ts'),
        import('../../runner/run.ts'),
        import('../../runner/render.ts'),
        import('../../vault/config.ts'),
      ]);
      if (opts.backend !== undefined && !isBackendName(opts.backend)) throw new Error(`unknown backend "${opts.backend}" (expected tensorflow, wasm or cpu)`);
      const mode = opts.write ? 'write' : 'check';
      const files = await collect(paths);
      const tty = process.stderr.isTTY && !opts.json;
      const say = (line: string) => process.stderr.write(`${line}\n`);

      // The vault decides whether its code runs at all, and how loose a check may be (spec §10).
      const vaultDir = vaultDirOf(paths);
      const loaded = await loadConfig(vaultDir);
      for (const d of loaded.diagnostics) say(`${relative(process.cwd(), join(vaultDir, d.file)) || d.file}:${d.line}:${d.column}: ${d.message}`);
      const { profile, reason } = await chooseProfile(vaultDir, undefined, loaded.config);
      const execute = loaded.config.run?.execute ?? profile === 'topic';
      // `unverified` in --json tells `kb build` why nothing could be checked (it then marks outputs so).
      const unverified = (why: string) => {
        if (opts.json) process.stdout.write(`${JSON.stringify({ blocks: [], unverified: why }, null, 2)}\n`);
        else say(`kb run: ${why}`);
      };
      if (!execute) {
        const why = loaded.config.run?.execute === false ? `${CONFIG_FILE} sets run.execute: false` : `an ${profile}-profile vault (${reason}) runs no code unless ${CONFIG_FILE} sets run.execute: true`;
        unverified(`no code block executed: ${why}`);
        return;
      }
      const limits: RunLimits = { ...CONFIG_DEFAULTS.run, ...loaded.config.run };
      const requireSandbox = opts.requireSandbox ?? Boolean(process.env.CI);

      if (opts.typecheck) {
        // Loaded only when asked for: the TypeScript compiler alone takes longer to load than a fully cached check.
        // TypeScript is an optional peer of the package: a user who never type-checks need not install it.
        const { typecheckBlocks } = await import('../../runner/typecheck.ts').catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ERR_MODULE_NOT_FOUND' && /'typescript'/.test(error.message)) throw new Error('--typecheck needs the TypeScript compiler beside kb: npm install --save-dev typescript');
          throw error;
        });
        const diagnostics = await typecheckBlocks(process.cwd(), files, { shard: parseShard(opts.shard) });
        if (diagnostics.length > 0) {
          const byFile = new Map<string, VFile>();
          for (const d of diagnostics) {
            const file = byFile.get(d.file) ?? byFile.set(d.file, new VFile({ path: d.file })).get(d.file)!;
            file.message(d.message, { place: { line: d.line, column: d.column }, ruleId: 'typecheck', source: 'kb-run' }).fatal = true;
          }
          say(reporter([...byFile.values()], { quiet: true }));
          say(`kb run: ${diagnostics.length} type error(s); nothing executed`);
          process.exitCode = 1;
          return;
        }
      }

      const { SandboxUnavailableError } = await import('../../runner/pool.ts');
      const bar = tty ? new SingleBar({ format: 'kb run [{bar}] {value}/{total} blocks · {file}', hideCursor: true, clearOnComplete: true, stream: process.stderr }) : null;
      let report: RunReport;
      try {
        report = await runVault(process.cwd(), files, {
        mode,
        backend: opts.backend as 'tensorflow' | 'wasm' | 'cpu' | undefined,
        force: opts.force,
        shard: parseShard(opts.shard),
        jobs,
        memoryMB,
        limits,
        sandbox: requireSandbox ? 'required' : 'auto',
        cacheFile: opts.cache ? undefined : null,
        onIsolation: (isolation) => {
          if (isolation.sandboxed) return;
          bar?.stop();
          say(`kb run: no OS sandbox (${isolation.reason}): blocks run with Node's permission model only; a malicious block may read what kb can read. --require-sandbox makes this an error`);
        },
        onPlan: (total) => bar?.start(total, 0, { file: '' }),
        onBlock: (b) => bar?.increment({ file: `${b.file}:${b.line}` }),
        onBackend: (ready, skipped) => {
          const why = skipped.length ? ` (${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')})` : '';
          const line = `kb run: backend ${ready.backend}, tfjs ${ready.tfjsVersion}${why}`;
          if (bar) bar.stop();
          if (!opts.json) say(line);
          if (bar) bar.start(bar.getTotal(), bar.getProgress() * bar.getTotal(), { file: '' });
        },
      });
      } catch (error) {
        bar?.stop();
        if (!(error instanceof SandboxUnavailableError)) throw error;
        unverified(opts.json ? `blocks cannot run safely here: ${error.message}` : `no code block executed: ${error.message}; blocks are not run without a sandbox (--require-sandbox, on by default when CI is set)`);
        process.exitCode = 2;
        return;
      }
      bar?.stop();

      if (opts.json) {
        const blocks = report.blocks.map(({ file, line, status, ms, backend, leakedTensors }) => ({ file, line, status, ms: Math.round(ms), backend, leakedTensors }));
        const skipped = report.notExecutable.map(({ file, line }) => ({ file, line, status: 'skipped', ms: 0, backend: null, leakedTensors: 0 }));
        process.stdout.write(`${JSON.stringify({ blocks: [...blocks, ...skipped] }, null, 2)}\n`);
      } else {
        const text = problems(report, mode, escapeControls);
        if (text) say(text);
        for (const b of report.blocks) if (b.diff) say(diffText(b, escapeControls));
        for (const w of report.written) say(`kb run: wrote ${w}`);
        for (const c of report.conflicts) say(`kb run: ${c} was edited during the run; left as it is (its new outputs were not written): run again`);
        say(summary(report));
      }
      const failing = report.blocks.some((b) => FAILING.has(b.status) && !(mode === 'write' && b.status === 'stale')) || report.conflicts.length > 0;
      // An info string kb cannot read is a usage error, like a bad option.
      process.exitCode = report.blocks.some((b) => b.rule === 'info-string') ? 2 : failing ? 1 : 0;
    });
}
