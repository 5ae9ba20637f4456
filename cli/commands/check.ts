// `kb check`: validate front-matter, resolve links, report stubs, duplicates and redirect errors.
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PROFILES, type Profile } from '../../schemas/profiles.ts';
import { readCachedReport, reportJson, writeCachedReport } from '../../vault/check-cache.ts';
import type { CheckReport } from '../../vault/check.ts';
import { limitsOf } from '../../vault/limits.ts';
import { loadSettings } from '../../vault/settings.ts';
import { statVault } from '../../vault/stat.ts';
import { outputVariant, readPrintedOutput, writePrintedOutput } from '../output-cache.ts';

interface CheckOptions {
  profile?: Profile;
  json?: boolean;
  format: 'human' | 'github';
  cache: boolean;
  quiet?: boolean;
  maxDiagnostics?: number;
}

/** A commander argument parser for a count: a usage error (exit 2) rather than NaN. */
export function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

export function profileOption(): Option {
  return new Option('--profile <profile>', 'front-matter profile (default: the vault config\'s, else obsidian when the vault has .obsidian/, else topic)').choices(PROFILES);
}

export function register(program: Command) {
  program
    .command('check')
    .description('validate every page and link the vault into one graph; exit 1 when there are errors')
    .argument('[dir]', 'vault folder', 'content')
    .addOption(profileOption())
    .option('--json', 'print the report object of shared/spec/vault.md §9 on stdout')
    .addOption(new Option('--format <format>', 'diagnostics format: human, or github (GitHub Actions annotations)').choices(['human', 'github']).default('human'))
    .option('--no-cache', 'ignore and do not refresh the parse cache')
    .option('--quiet', 'leave out info-level diagnostics (unresolved links outside Graph sections)')
    .option('--max-diagnostics <n>', 'print at most N diagnostics; the summary by rule still counts all', parseCount)
    .action(async (dir: string, opts: CheckOptions) => {
      const root = resolve(dir);
      const settings = await loadSettings(root, opts.profile);
      const profile = settings.profile;
      // Without the cache every page is parsed: the parse workers start loading before anything else.
      const parseWorkers = opts.cache ? undefined : (await import('../../vault/load.ts')).startParseWorkers(root, profile, limitsOf(settings.config));
      // An unchanged vault is answered from the last report without loading the parser at all, and
      // printed as it was last time when nothing that shapes the listing changed (cli/output-cache.ts).
      const stat = opts.cache ? await statVault(root, profile, settings) : undefined;
      const color = process.stderr.isTTY === true;
      const variant = stat && !opts.json ? outputVariant({ dir, cwd: process.cwd(), color, format: opts.format, quiet: opts.quiet ?? false, max: opts.maxDiagnostics ?? null, profile, reason: settings.reason }) : null;
      if (stat && variant) {
        const printed = await readPrintedOutput(root, profile, stat.signature, variant);
        if (printed) {
          process.exitCode = printed.exitCode;
          process.stdout.write(printed.stdout);
          process.stderr.write(printed.stderr);
          return;
        }
      }
      let cached = stat ? await readCachedReport(root, profile, stat.signature) : null;
      let fresh: CheckReport | null = null;
      if (cached === null) {
        const { incrementalCheck, readSnapshot, snapshotOf, writeSnapshot } = await import('../../vault/check-incremental.ts');
        // A few pages edited since the last check: their parts of the report are computed again and
        // the rest is kept (vault/check-incremental.ts says when that is exact; otherwise, a full check).
        let snapshot = stat ? await readSnapshot(root, profile) : null;
        const incremental = stat && snapshot ? await incrementalCheck(root, profile, stat, snapshot, settings) : null;
        if (incremental && 'json' in incremental) {
          cached = { json: incremental.json, errors: incremental.errors };
          snapshot = incremental.snapshot;
        } else {
          const [{ loadVault }, { checkReport, hasErrors }, { progressReporter }] = await Promise.all([import('../../vault/load.ts'), import('../../vault/check.ts'), import('../output.ts')]);
          const progress = progressReporter('parsing');
          const vault = await loadVault(root, { settings, cache: opts.cache, onProgress: progress.update, stat, parseWorkers });
          progress.stop();
          fresh = checkReport(vault);
          snapshot = stat ? snapshotOf(vault, fresh, stat) : null;
          cached = { json: reportJson(fresh), errors: hasErrors(fresh) };
        }
        if (stat && snapshot) await Promise.all([writeCachedReport(root, profile, stat.signature, cached), writeSnapshot(root, profile, snapshot)]);
      }
      process.exitCode = cached.errors ? 1 : 0;
      if (opts.json) {
        process.stdout.write(cached.json);
        return;
      }
      const report = fresh ?? (JSON.parse(cached.json) as CheckReport);
      const { formatDiagnostics, githubAnnotations, shownDiagnostics, summaryByRule, summaryLine } = await import('../output.ts');
      const out: string[] = [];
      const err: string[] = [];
      if (report.pages === 0) err.push(`kb: no Markdown files found in ${dir}\n`);
      // Only what is printed is formatted: --quiet and --max-diagnostics cut the list first.
      const { shown, hidden } = shownDiagnostics(report.diagnostics, { quiet: opts.quiet, max: opts.maxDiagnostics });
      if (opts.format === 'github') out.push(githubAnnotations(shown, root));
      else err.push(formatDiagnostics(shown, root, color));
      if (hidden > 0) err.push(`… and ${hidden} more (--max-diagnostics ${opts.maxDiagnostics}); the summary below counts them all\n`);
      if (report.diagnostics.length > 0 && opts.format === 'human') err.push(`\n${summaryByRule(report.diagnostics, root, color)}`);
      err.push(`${summaryLine(report, settings)}\n`);
      // The topic schema applied to a vault of ordinary notes is a wall of errors: say what fits it.
      if (profile === 'topic' && report.invalidFrontMatter.length * 2 > report.pages) {
        err.push(`hint: ${report.invalidFrontMatter.length} of ${report.pages} notes fail the topic schema; for an Obsidian vault run with --profile obsidian (or set "profile": "obsidian" in kb.config.json)\n`);
      }
      const printed = { stdout: Buffer.from(out.join(''), 'utf8'), stderr: Buffer.from(err.join(''), 'utf8'), exitCode: cached.errors ? 1 : 0 };
      process.stdout.write(printed.stdout);
      process.stderr.write(printed.stderr);
      if (stat && variant) await writePrintedOutput(root, profile, stat.signature, variant, printed);
    });
}
