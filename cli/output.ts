// Shared terminal output for the CLI: progress on a TTY, summaries, CI annotation formats.
import { createRequire } from 'node:module';
import { isAbsolute, relative } from 'node:path';
import type * as CliProgress from 'cli-progress';
import pc from 'picocolors';
import type { CheckReport, RuleTally } from '../vault/check.ts';
import type { Diagnostic } from '../vault/types.ts';

// Loaded with the first bar: most runs show none (not a terminal, or a short run), and the package
// took 20 ms of a 0.8 s `kb check` after one edit, which prints through this module.
const require = createRequire(import.meta.url);

/** A progress bar on stderr when it is a terminal and the run is long enough to need one; silent otherwise. */
export function progressReporter(label: string) {
  let bar: CliProgress.SingleBar | null = null;
  return {
    update: (done: number, total: number) => {
      if (!process.stderr.isTTY || total < 500) return;
      if (!bar) {
        const cliProgress = require('cli-progress') as typeof CliProgress;
        bar = new cliProgress.SingleBar({ format: `${label} {bar} {value}/{total} files`, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      } else bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** What the closing line of `kb check` counts: the report without its diagnostics, and how many errors and warnings it has. */
export type SummaryCounts = Pick<CheckReport, 'pages' | 'links' | 'stubs' | 'duplicates' | 'invalidFrontMatter'> & { errors: number; warnings: number };

/** Errors and warnings counted from the summary by rule. */
export function severityCounts(tallies: readonly RuleTally[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const t of tallies) {
    if (t.severity === 'error') errors += t.count;
    else if (t.severity === 'warning') warnings += t.count;
  }
  return { errors, warnings };
}

export function summaryLine(report: SummaryCounts, profile?: { profile: string; reason: string }): string {
  const l = report.links;
  const parts = [
    `${report.pages} pages`,
    `${l.total} links (${l.resolved} resolved, ${l.redirect} to redirects, ${l.fixable} fixable, ${l.unresolved} unresolved, ${l.unresolvedInGraph} of them in Graph sections)`,
    `${report.stubs.length} stubs`,
    `${report.duplicates.length} duplicate clusters`,
    `${report.invalidFrontMatter.length} pages with invalid front-matter`,
  ];
  const verdict = report.errors > 0 ? pc.red(`${report.errors} errors`) : pc.green('no errors');
  const head = profile ? `profile ${profile.profile} (${profile.reason}): ` : '';
  return `${head}${parts.join(', ')}; ${verdict}, ${report.warnings} warnings`;
}

/** Diagnostics shown by `--quiet` (no info) and `--max-diagnostics`, and how many were left out. */
export function shownDiagnostics(diagnostics: Diagnostic[], options: { quiet?: boolean; max?: number }): { shown: Diagnostic[]; hidden: number } {
  const kept = options.quiet ? diagnostics.filter((d) => d.severity !== 'info') : diagnostics;
  const shown = options.max !== undefined && kept.length > options.max ? kept.slice(0, options.max) : kept;
  return { shown, hidden: kept.length - shown.length };
}

/**
 * The file's path as the user can open it from where kb was run: relative to the working directory.
 * Computed once per vault, so a path costs one concatenation.
 */
export function cwdPath(root: string): (file: string) => string {
  // A vault outside the working directory is named by its absolute path rather than by a climb of `../`.
  const rel = relative(process.cwd(), root);
  const prefix = (rel.startsWith('..') || isAbsolute(rel) ? root : rel).replace(/\\/g, '/');
  return prefix === '' ? (file) => file : (file) => `${prefix}/${file}`;
}

/** A listing of diagnostics in the file groups it is printed in (report order), and what goes between two groups. */
export interface Listing {
  groups: { file: string; text: string }[];
  separator: string;
}

export const listingText = (listing: Listing) => listing.groups.map((g) => g.text).join(listing.separator);

/**
 * The human report, laid out as vfile-reporter lays out vfile messages (a file's path, then one row
 * per message: place, severity, message, rule) but without aligning every column to the longest row
 * of the whole report: the place and severity columns have fixed widths, the message is not padded.
 * Linear in the diagnostics; vfile-reporter's global alignment took 16 s on 190k of them. Kept by
 * file, so that a listing can be patched one file's group at a time (cli/output-cache.ts).
 */
export function humanListing(diagnostics: Diagnostic[], root: string, color = false): Listing {
  const c = pc.createColors(color);
  // Severity labels padded once, not per row.
  const label = { error: `${c.red('error')}    `, warning: `${c.yellow('warning')}  `, info: `${c.blue('info')}     ` };
  const pathOf = cwdPath(root);
  const groups = groupByFile(diagnostics, (file) => `${c.underline(pathOf(file))}\n`, (d) => {
    const place = `${d.line}:${d.column}`;
    return `  ${place.length < 8 ? place + ' '.repeat(8 - place.length) : place} ${label[d.severity]}${d.message}  ${color ? c.dim(d.rule) : d.rule}\n`;
  });
  return { groups, separator: '\n' };
}

/** Diagnostics (in report order) as one group per file: its header, then one row per diagnostic. */
function groupByFile(diagnostics: Diagnostic[], header: (file: string) => string, row: (d: Diagnostic) => string): Listing['groups'] {
  const groups: Listing['groups'] = [];
  let group = null as Listing['groups'][number] | null;
  for (const d of diagnostics) {
    if (d.file !== group?.file) {
      group = { file: d.file, text: header(d.file) };
      groups.push(group);
    }
    group.text += row(d);
  }
  return groups;
}

export function formatDiagnostics(diagnostics: Diagnostic[], root: string, color = false): string {
  return listingText(humanListing(diagnostics, root, color));
}

/** One row per rule: severity, count and the first diagnostic as an example, most frequent first. */
export function summaryByRule(tallies: readonly RuleTally[], root: string, color = false): string {
  const c = pc.createColors(color);
  if (tallies.length === 0) return '';
  const rank = { error: 0, warning: 1, info: 2 };
  const rows = [...tallies].sort((a, b) => rank[a.severity] - rank[b.severity] || b.count - a.count || (a.rule < b.rule ? -1 : 1));
  const ruleWidth = Math.max(...rows.map((r) => r.rule.length));
  const countWidth = Math.max(...rows.map((r) => String(r.count).length));
  const pathOf = cwdPath(root);
  const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);
  const lines = rows.map(({ severity, count, rule, example: e }) => {
    const sev = severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : c.blue(severity);
    return `  ${sev}${' '.repeat(9 - severity.length)}${rule.padEnd(ruleWidth)}  ${String(count).padStart(countWidth)}  ${c.dim(`e.g. ${pathOf(e.file)}:${e.line}:${e.column} ${clip(e.message)}`)}`;
  });
  return `${c.bold('by rule:')}\n${lines.join('\n')}\n`;
}

/** GitHub Actions workflow commands: one annotation per diagnostic, shown on the PR's diff. */
export function githubListing(diagnostics: Diagnostic[], root: string): Listing {
  const escape = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => escape(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const pathOf = cwdPath(root);
  const groups = groupByFile(diagnostics, () => '', (d) => {
    const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
    return `::${level} file=${prop(pathOf(d.file))},line=${d.line},col=${d.column},title=${prop(`kb ${d.rule}`)}::${escape(d.message)}\n`;
  });
  return { groups, separator: '' };
}

export function githubAnnotations(diagnostics: Diagnostic[], root: string): string {
  return listingText(githubListing(diagnostics, root));
}
