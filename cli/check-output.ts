// What `kb check` prints, put together from its parts: the listing of diagnostics (file group by file
// group), the summary by rule and the closing line. Kept apart from the command so that a listing can
// be printed from a report, or patched from the one printed last time: after a few pages were edited
// (vault/check-incremental.ts), their groups are formatted again and every other group is copied, as
// bytes, from the last output (cli/output-cache.ts), without reading the other pages' diagnostics.
import type { Profile } from '../schemas/profiles.ts';
import { tallyPages, type CheckReport, type RuleTally } from '../vault/check.ts';
import type { Diagnostic } from '../vault/types.ts';
import type { KeptOutput, ListingIndex, PrintedOutput } from './output-cache.ts';
import { githubListing, humanListing, severityCounts, shownDiagnostics, summaryByRule, summaryLine, type Listing, type SummaryCounts } from './output.ts';

export interface PrintOptions {
  /** The vault folder as given, and resolved. */
  dir: string;
  root: string;
  color: boolean;
  format: 'human' | 'github';
  quiet?: boolean;
  max?: number;
  profile: { profile: Profile; reason: string };
}

/** The listing as bytes, one buffer per file group, and what goes between groups. */
interface ListingBytes {
  groups: { file: string; bytes: Buffer }[];
  separator: string;
}

const listingOf = (diagnostics: Diagnostic[], options: PrintOptions): Listing => (options.format === 'github' ? githubListing(diagnostics, options.root) : humanListing(diagnostics, options.root, options.color));

const asBytes = (listing: Listing): ListingBytes => ({ groups: listing.groups.map((g) => ({ file: g.file, bytes: Buffer.from(g.text, 'utf8') })), separator: listing.separator });

/** Everything `kb check` prints for a report, with the index that lets the next run patch its listing. */
export function printReport(report: CheckReport, tallies: RuleTally[], options: PrintOptions): PrintedOutput {
  // Only what is printed is formatted: --quiet and --max-diagnostics cut the list first.
  const { shown, hidden } = shownDiagnostics(report.diagnostics, { quiet: options.quiet, max: options.max });
  return compose(asBytes(listingOf(shown, options)), hidden, { ...report, ...severityCounts(tallies) }, tallies, options);
}

/**
 * What `kb check` prints after `changed` pages were edited, from what it printed for the state before
 * (`kept`, printed with the same options) and the pages in report order with their diagnostics by
 * rule; only the changed pages' diagnostics are read (`diagnosticsOf`). Null when `kept` cannot be
 * patched (its listing was cut by --max-diagnostics).
 */
export function patchPrinted(
  kept: KeptOutput,
  pages: Iterable<{ path: string; ruleCounts: string }>,
  changed: ReadonlySet<string>,
  diagnosticsOf: (path: string) => Diagnostic[],
  head: Omit<SummaryCounts, 'errors' | 'warnings'>,
  options: PrintOptions,
): PrintedOutput | null {
  const index = options.max === undefined ? kept.listing() : null;
  if (index === null) return null;
  const before = new Map<string, Buffer>();
  const stream = index.stream === 'stdout' ? kept.stdout : kept.stderr;
  let at = index.start;
  for (const [file, length] of index.groups) {
    before.set(file, stream.subarray(at, at + length));
    at += length + Buffer.byteLength(index.separator);
  }
  const groups: ListingBytes['groups'] = [];
  const order: { path: string; ruleCounts: string }[] = [];
  for (const page of pages) {
    order.push(page);
    if (changed.has(page.path)) {
      const { shown } = shownDiagnostics(diagnosticsOf(page.path), { quiet: options.quiet });
      groups.push(...asBytes(listingOf(shown, options)).groups);
    } else {
      const bytes = before.get(page.path);
      if (bytes) groups.push({ file: page.path, bytes });
    }
  }
  const merged = tallyPages(order, diagnosticsOf);
  return compose({ groups, separator: index.separator }, 0, { ...head, ...severityCounts(merged) }, merged, options);
}

function compose(listing: ListingBytes, hidden: number, counts: SummaryCounts, tallies: RuleTally[], options: PrintOptions): PrintedOutput {
  const lead: string[] = [];
  const tail: string[] = [];
  if (counts.pages === 0) lead.push(`kb: no Markdown files found in ${options.dir}\n`);
  if (hidden > 0) tail.push(`… and ${hidden} more (--max-diagnostics ${options.max}); the summary below counts them all\n`);
  if (tallies.length > 0 && options.format === 'human') tail.push(`\n${summaryByRule(tallies, options.root, options.color)}`);
  tail.push(`${summaryLine(counts, options.profile)}\n`);
  // The topic schema applied to a vault of ordinary notes is a wall of errors: say what fits it.
  if (options.profile.profile === 'topic' && counts.invalidFrontMatter.length * 2 > counts.pages) {
    tail.push(`hint: ${counts.invalidFrontMatter.length} of ${counts.pages} notes fail the topic schema; for an Obsidian vault run with --profile obsidian (or set "profile": "obsidian" in kb.config.json)\n`);
  }
  const separator = Buffer.from(listing.separator, 'utf8');
  const body: Buffer[] = [];
  listing.groups.forEach((g, i) => body.push(...(i > 0 && separator.length > 0 ? [separator, g.bytes] : [g.bytes])));
  const leadBytes = Buffer.from(lead.join(''), 'utf8');
  const index: ListingIndex | null = hidden > 0 ? null : { stream: options.format === 'github' ? 'stdout' : 'stderr', start: options.format === 'github' ? 0 : leadBytes.length, groups: listing.groups.map((g) => [g.file, g.bytes.length]), separator: listing.separator };
  const rest = Buffer.from(tail.join(''), 'utf8');
  const exitCode = counts.errors > 0 ? 1 : 0;
  return options.format === 'github'
    ? { stdout: Buffer.concat(body), stderr: Buffer.concat([leadBytes, rest]), exitCode, listing: index }
    : { stdout: Buffer.alloc(0), stderr: Buffer.concat([leadBytes, ...body, rest]), exitCode, listing: index };
}
