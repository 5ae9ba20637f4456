// `kb check`: validate front-matter, resolve links, report stubs, duplicates and redirect errors.
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { PROFILES, type Profile } from '../../schemas/profiles.ts';
import { readCachedReport, reportJson, writeCachedReport } from '../../vault/check-cache.ts';
import type { CheckReport } from '../../vault/check.ts';
import { limitsOf } from '../../vault/limits.ts';
import { loadSettings } from '../../vault/settings.ts';
import { statVault } from '../../vault/stat.ts';
import { outputVariant, readPrintedOutput, writePrintedOutput, type PrintedOutput } from '../output-cache.ts';
import type { PrintOptions } from '../check-output.ts';
import type { VaultPath } from '../../vault/paths.ts';
import type { ParseWorkers } from '../../vault/parse-pool.ts';

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
      const { startParseWorkers } = await import('../../vault/parse-pool.ts');
      const parseWorkers = opts.cache ? undefined : startParseWorkers(root, profile, limitsOf(settings.config));
      // An unchanged vault is answered from the last report without loading the parser at all, and
      // printed as it was last time when nothing that shapes the listing changed (cli/output-cache.ts).
      const stat = opts.cache ? await statVault(root, profile, settings) : undefined;
      const color = process.stderr.isTTY === true;
      const variant = stat && !opts.json ? outputVariant({ dir, cwd: process.cwd(), color, format: opts.format, quiet: opts.quiet ?? false, max: opts.maxDiagnostics ?? null, profile, reason: settings.reason }) : null;
      // One parse worker loads the parser while the rest of the check's code loads and the snapshot is
      // read: most often a page or two were edited. Started as soon as the last listing's signature
      // says the vault changed, not before: on 2 cores a worker loading modules slows the stat of
      // 10k files by half, which an unchanged vault's check is mostly made of.
      let editParser: ParseWorkers | undefined;
      const startEditParser = () => (editParser ??= stat && startParseWorkers(root, profile, stat.limits, 1));
      const kept = stat && variant ? await readPrintedOutput(root, profile, variant, (signature) => signature !== stat.signature && startEditParser()) : null;
      if (stat && kept?.signature === stat.signature) {
        process.exitCode = kept.exitCode;
        process.stdout.write(kept.stdout);
        process.stderr.write(kept.stderr);
        return;
      }
      const printing: PrintOptions = { dir, root, color, format: opts.format, quiet: opts.quiet, max: opts.maxDiagnostics, profile: settings };
      // The report as JSON text (what --json prints and the report cache keeps), as objects (what the
      // listing is printed from), or already printed (patched from the last listing): whichever the
      // path taken made; the others only when needed.
      let json: string | null = null;
      let report: CheckReport | null = null;
      let printed: PrintedOutput | null = null;
      let errors: boolean;
      const cached = stat ? await readCachedReport(root, profile, stat.signature) : null;
      if (cached) {
        for (const worker of editParser?.workers ?? []) void worker.terminate();
        ({ json, errors } = cached);
      } else {
        startEditParser();
        const { DamagedSnapshot, incrementalCheck, pageDiagnostics, readSnapshot, reportOf, snapshotOf, writeSnapshot } = await import('../../vault/check-incremental.ts');
        // A few pages edited since the last check: their parts of the report are computed again and
        // the rest is kept (vault/check-incremental.ts says when that is exact; otherwise, a full check).
        const stored = stat ? await readSnapshot(root, profile) : null;
        // The listing printed for the state the snapshot was taken in is patched page by page; it is
        // indexed now, as the edited pages' parse on the worker takes longer than what this thread
        // does meanwhile.
        const { keptListing, patchPrinted } = await import('../check-output.ts');
        const listing = kept && stored && kept.signature === stored.snapshot.signature ? keptListing(kept, printing) : null;
        const incremental = stat && stored ? await incrementalCheck(root, profile, stat, stored.snapshot, settings, editParser) : null;
        // Stopped when it parsed the edited pages, and not needed otherwise (a full check starts its own).
        for (const worker of editParser?.workers ?? []) void worker.terminate();
        let patched = false;
        if (stat && stored && incremental && 'head' in incremental) {
          try {
            const { snapshot, changed } = incremental;
            printed = patchPrinted(listing, snapshot.pages.values(), new Set(changed), (path) => pageDiagnostics(snapshot.pages.get(path as VaultPath)!), incremental.head, printing);
            if (!printed) report = reportOf(incremental);
            const writes = [writeSnapshot(root, profile, snapshot, { stored, changed })];
            // The report cache only serves --json; a listing is kept by the output cache below.
            if (opts.json) writes.push(writeCachedReport(root, profile, stat.signature, { json: (json = reportJson(report!)), errors: incremental.errors }));
            await Promise.all(writes);
            patched = true;
          } catch (error) {
            // The snapshot's diagnostics file changed under this check: nothing was written, check in full.
            if (!(error instanceof DamagedSnapshot)) throw error;
            printed = report = json = null;
          }
        }
        if (patched && incremental && 'head' in incremental) {
          errors = incremental.errors;
        } else {
          const [{ loadVault }, { checkReport, hasErrors }, { progressReporter }] = await Promise.all([import('../../vault/load.ts'), import('../../vault/check.ts'), import('../output.ts')]);
          const progress = progressReporter('parsing');
          const vault = await loadVault(root, { settings, cache: opts.cache, onProgress: progress.update, stat, parseWorkers });
          progress.stop();
          report = checkReport(vault);
          errors = hasErrors(report);
          if (stat) {
            json = reportJson(report);
            await Promise.all([writeCachedReport(root, profile, stat.signature, { json, errors }), writeSnapshot(root, profile, snapshotOf(vault, report, stat))]);
          }
        }
      }
      process.exitCode = errors ? 1 : 0;
      if (opts.json) {
        process.stdout.write(json ?? reportJson(report!));
        return;
      }
      if (!printed) {
        report ??= JSON.parse(json!) as CheckReport;
        const [{ printReport }, { tallyRules }] = await Promise.all([import('../check-output.ts'), import('../../vault/check.ts')]);
        printed = printReport(report, tallyRules(report.diagnostics), printing);
      }
      process.stdout.write(printed.stdout);
      process.stderr.write(printed.stderr);
      if (stat && variant) await writePrintedOutput(root, profile, stat.signature, variant, printed);
    });
}
