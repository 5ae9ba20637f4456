// `kb check`: validate front-matter, resolve links, report stubs, duplicates and redirect errors.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { PROFILES, type Profile } from '../../schemas/profiles.ts';
import { readCachedReport, reportJson, writeCachedReport } from '../../vault/check-cache.ts';
import { hasErrors, type CheckReport } from '../../vault/check.ts';
import { statVault } from '../../vault/stat.ts';

export function register(program: Command) {
  program
    .command('check')
    .description('validate every page and link the vault into one graph; exit 1 when there are errors')
    .argument('[dir]', 'vault folder', 'content')
    .option('--profile <profile>', `front-matter profile: ${PROFILES.join(' | ')}`, 'topic')
    .option('--json', 'print the report object of shared/spec/vault.md §9 on stdout')
    .option('--format <format>', 'diagnostics format: human | github (GitHub Actions annotations)', 'human')
    .option('--no-cache', 'ignore and do not refresh the parse cache')
    .option('--quiet', 'hide info-level diagnostics in the human report')
    .action(async (dir: string, opts: { profile: string; json?: boolean; format: string; cache: boolean; quiet?: boolean }) => {
      if (!PROFILES.includes(opts.profile as Profile)) throw new Error(`unknown profile "${opts.profile}" (expected ${PROFILES.join(' or ')})`);
      const profile = opts.profile as Profile;
      const root = resolve(dir);
      // Without the cache every page is parsed: the parse workers start loading before anything else.
      const parseWorkers = opts.cache ? undefined : (await import('../../vault/load.ts')).startParseWorkers(root, profile);
      // An unchanged vault is answered from the last report without loading the parser at all.
      const stat = opts.cache ? await statVault(root, profile) : undefined;
      let cached = stat ? await readCachedReport(root, profile, stat.signature) : null;
      let fresh: CheckReport | null = null;
      if (cached === null) {
        const { incrementalCheck, readSnapshot, snapshotOf, writeSnapshot } = await import('../../vault/check-incremental.ts');
        // A few pages edited since the last check: their parts of the report are computed again and
        // the rest is kept (vault/check-incremental.ts says when that is exact; otherwise, a full check).
        let snapshot = stat ? await readSnapshot(root, profile) : null;
        const incremental = stat && snapshot ? await incrementalCheck(root, profile, stat, snapshot) : null;
        if (incremental && 'json' in incremental) {
          cached = { json: incremental.json, errors: incremental.errors };
          snapshot = incremental.snapshot;
        } else {
          const [{ loadVault }, { checkReport }, { progressReporter }] = await Promise.all([import('../../vault/load.ts'), import('../../vault/check.ts'), import('../output.ts')]);
          const progress = progressReporter('parsing');
          const vault = await loadVault(root, { profile, cache: opts.cache, onProgress: progress.update, stat, parseWorkers });
          progress.stop();
          fresh = checkReport(vault);
          snapshot = stat ? snapshotOf(vault, fresh, stat) : null;
          cached = { json: reportJson(fresh), errors: hasErrors(fresh) };
        }
        if (stat && snapshot) await Promise.all([writeCachedReport(root, profile, stat.signature, cached), writeSnapshot(root, profile, snapshot)]);
      }
      if (opts.json) process.stdout.write(cached.json);
      else {
        const report = fresh ?? (JSON.parse(cached.json) as CheckReport);
        const { githubAnnotations, summaryLine } = await import('../output.ts');
        if (opts.format === 'github') process.stdout.write(githubAnnotations(report.diagnostics, dir));
        else {
          const [{ reporter }, { toVFiles }] = await Promise.all([import('vfile-reporter'), import('../../vault/vfile-messages.ts')]);
          const shown = opts.quiet ? report.diagnostics.filter((d) => d.severity !== 'info') : report.diagnostics;
          const text = reporter(toVFiles(shown, root), { quiet: true });
          if (text) process.stderr.write(`${text}\n`);
          process.stderr.write(`${summaryLine(report)}\n`);
        }
      }
      process.exitCode = cached.errors ? 1 : 0;
    });
}
