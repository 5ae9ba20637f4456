// `kb check`: validate front-matter, resolve links, report stubs, duplicates and redirect errors.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { reporter } from 'vfile-reporter';
import { PROFILES, type Profile } from '../../schemas/index.ts';
import { checkReport, hasErrors, loadVault, readCachedReport, statVault, toVFiles, writeCachedReport } from '../../vault/index.ts';
import { githubAnnotations, progressReporter, summaryLine } from '../output.ts';

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
      let report = opts.cache ? await readCachedReport(root, profile, (await statVault(root, profile)).signature) : null;
      if (!report) {
        const progress = progressReporter('parsing');
        const vault = await loadVault(root, { profile, cache: opts.cache, onProgress: progress.update });
        progress.stop();
        report = checkReport(vault);
        if (opts.cache && vault.signature) await writeCachedReport(root, profile, vault.signature, report);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (opts.format === 'github') process.stdout.write(githubAnnotations(report.diagnostics, dir));
      else {
        const shown = opts.quiet ? report.diagnostics.filter((d) => d.severity !== 'info') : report.diagnostics;
        const text = reporter(toVFiles(shown, root), { quiet: true });
        if (text) process.stderr.write(`${text}\n`);
        process.stderr.write(`${summaryLine(report)}\n`);
      }
      process.exitCode = hasErrors(report) ? 1 : 0;
    });
}
