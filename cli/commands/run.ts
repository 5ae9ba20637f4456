// `kb run`: execute the vault's code examples, verify (`--check`) or embed (`--write`) their outputs.
import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { VFile } from 'vfile';
import { reporter } from 'vfile-reporter';
import type { BlockReport, RunReport } from '../../runner/run.ts';

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

const FAILING = new Set(['failed', 'stale', 'error', 'timeout']);

function problems(report: RunReport, mode: 'check' | 'write'): string {
  const files = new Map<string, VFile>();
  const fileFor = (path: string) => files.get(path) ?? files.set(path, new VFile({ path })).get(path)!;
  for (const b of report.blocks) {
    if (!FAILING.has(b.status) || (mode === 'write' && b.status === 'stale')) continue;
    const message = fileFor(b.file).message(b.message ?? b.status, { place: { line: b.line, column: b.column }, ruleId: b.status, source: 'kb-run' });
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

function diffText(b: BlockReport): string {
  if (!b.diff) return '';
  const patch = createTwoFilesPatch(`${b.file}:${b.line} (embedded)`, `${b.file}:${b.line} (now)`, `${b.diff.expected}\n`, `${b.diff.actual}\n`, undefined, undefined, { context: 2 });
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
  return `kb run: ${parts.join(', ')}${report.backend ? ` · backend ${report.backend}` : ''}`;
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
    .action(async (paths: string[], opts: RunOpts) => {
      if (opts.write && opts.check) throw new Error('--write and --check exclude each other');
      // The runner (tfjs, esbuild, the Markdown parser) loads only when a run starts: `kb --help` and
      // the other commands stay quick.
      const [{ isBackendName }, { runVault }] = await Promise.all([import('../../runner/backends.ts'), import('../../runner/run.ts')]);
      if (opts.backend !== undefined && !isBackendName(opts.backend)) throw new Error(`unknown backend "${opts.backend}" (expected tensorflow, wasm or cpu)`);
      const mode = opts.write ? 'write' : 'check';
      const files = await collect(paths);
      const tty = process.stderr.isTTY && !opts.json;
      const say = (line: string) => process.stderr.write(`${line}\n`);

      if (opts.typecheck) {
        // Loaded only when asked for: the TypeScript compiler alone takes longer to load than a fully cached check.
        const { typecheckBlocks } = await import('../../runner/typecheck.ts');
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

      const bar = tty ? new SingleBar({ format: 'kb run [{bar}] {value}/{total} blocks · {file}', hideCursor: true, clearOnComplete: true, stream: process.stderr }) : null;
      const report = await runVault(process.cwd(), files, {
        mode,
        backend: opts.backend as 'tensorflow' | 'wasm' | 'cpu' | undefined,
        force: opts.force,
        shard: parseShard(opts.shard),
        jobs: opts.jobs ? Number(opts.jobs) : undefined,
        memoryMB: opts.memory ? Number(opts.memory) : undefined,
        cacheFile: opts.cache ? undefined : null,
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
      bar?.stop();

      if (opts.json) {
        const blocks = report.blocks.map(({ file, line, status, ms, backend, leakedTensors }) => ({ file, line, status, ms: Math.round(ms), backend, leakedTensors }));
        const skipped = report.notExecutable.map(({ file, line }) => ({ file, line, status: 'skipped', ms: 0, backend: null, leakedTensors: 0 }));
        process.stdout.write(`${JSON.stringify({ blocks: [...blocks, ...skipped] }, null, 2)}\n`);
      } else {
        const text = problems(report, mode);
        if (text) say(text);
        for (const b of report.blocks) if (b.diff) say(diffText(b));
        for (const w of report.written) say(`kb run: wrote ${w}`);
        say(summary(report));
      }
      const failing = report.blocks.some((b) => FAILING.has(b.status) && !(mode === 'write' && b.status === 'stale'));
      process.exitCode = failing ? 1 : 0;
    });
}
