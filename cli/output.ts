// Shared terminal output for the CLI: progress on a TTY, summaries, CI annotation formats.
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import pc from 'picocolors';
import type { CheckReport } from '../vault/index.ts';
import type { Diagnostic } from '../vault/types.ts';

/** A progress bar on stderr when it is a terminal and the run is long enough to need one; silent otherwise. */
export function progressReporter(label: string) {
  let bar: cliProgress.SingleBar | null = null;
  return {
    update: (done: number, total: number) => {
      if (!process.stderr.isTTY || total < 500) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `${label} {bar} {value}/{total} files`, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

export function summaryLine(report: CheckReport): string {
  const errors = report.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
  const l = report.links;
  const parts = [
    `${report.pages} pages`,
    `${l.total} links (${l.resolved} resolved, ${l.redirect} to redirects, ${l.fixable} fixable, ${l.unresolved} unresolved, ${l.unresolvedInGraph} of them in Graph sections)`,
    `${report.stubs.length} stubs`,
    `${report.duplicates.length} duplicate clusters`,
    `${report.invalidFrontMatter.length} pages with invalid front-matter`,
  ];
  const verdict = errors > 0 ? pc.red(`${errors} errors`) : pc.green('no errors');
  return `${parts.join(', ')}; ${verdict}, ${warnings} warnings`;
}

/** GitHub Actions workflow commands: one annotation per diagnostic, shown on the PR's diff. */
export function githubAnnotations(diagnostics: Diagnostic[], dir: string): string {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => escape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  return diagnostics
    .map((d) => {
      const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
      return `::${level} file=${prop(join(dir, d.file))},line=${d.line},col=${d.column},title=${prop(`kb ${d.rule}`)}::${escape(d.message)}\n`;
    })
    .join('');
}
