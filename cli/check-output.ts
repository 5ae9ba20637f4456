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

/**
 * The listing as bytes: the pieces to print one after another (file groups and the separators between
 * them; a piece may hold several groups copied from the last output), and each group's file and length.
 */
interface ListingBytes {
  pieces: Buffer[];
  groups: [string, number][];
  separator: string;
}

const listingOf = (diagnostics: Diagnostic[], options: PrintOptions): Listing => (options.format === 'github' ? githubListing(diagnostics, options.root) : humanListing(diagnostics, options.root, options.color));

/** Appends to `out` one piece holding `groups` (their bytes back to back, separators included). */
function append(out: ListingBytes, piece: Buffer, groups: [string, number][]): void {
  if (groups.length === 0) return;
  if (out.groups.length > 0 && out.separator !== '') out.pieces.push(Buffer.from(out.separator, 'utf8'));
  out.pieces.push(piece);
  out.groups.push(...groups);
}

function appendFormatted(out: ListingBytes, listing: Listing): void {
  for (const g of listing.groups) {
    const bytes = Buffer.from(g.text, 'utf8');
    append(out, bytes, [[g.file, bytes.length]]);
  }
}

/** Everything `kb check` prints for a report, with the index that lets the next run patch its listing. */
export function printReport(report: CheckReport, tallies: RuleTally[], options: PrintOptions): PrintedOutput {
  // Only what is printed is formatted: --quiet and --max-diagnostics cut the list first.
  const { shown, hidden } = shownDiagnostics(report.diagnostics, { quiet: options.quiet, max: options.max });
  const listing = listingOf(shown, options);
  const out: ListingBytes = { pieces: [], groups: [], separator: listing.separator };
  appendFormatted(out, listing);
  return compose(out, hidden, { ...report, ...severityCounts(tallies) }, tallies, options);
}

/** The last listing, indexed: where each file's group began in it, and its place among the groups. */
export interface KeptListing {
  index: ListingIndex;
  stream: Buffer;
  before: Map<string, { at: number; nth: number }>;
}

/**
 * The listing `kept` printed, indexed for `patchPrinted`; null when it cannot be patched (cut by
 * --max-diagnostics). Needs nothing of the edited pages, so a caller works it out while they are parsed.
 */
export function keptListing(kept: KeptOutput, options: PrintOptions): KeptListing | null {
  const index = options.max === undefined ? kept.listing() : null;
  if (index === null) return null;
  const gap = Buffer.byteLength(index.separator);
  const before = new Map<string, { at: number; nth: number }>();
  let at = index.start;
  index.groups.forEach(([file, length], nth) => {
    before.set(file, { at, nth });
    at += length + gap;
  });
  return { index, stream: index.stream === 'stdout' ? kept.stdout : kept.stderr, before };
}

/**
 * What `kb check` prints after `changed` pages were edited, from what it printed for the state before
 * (`kept`, printed with the same options: `keptListing`) and the pages in report order with their
 * diagnostics by rule; only the changed pages' diagnostics are read (`diagnosticsOf`, and the few
 * pages whose first diagnostic of a rule is its example). Runs of unchanged files are copied as one
 * slice of the last output. Null when `kept` cannot be patched (its listing was cut by --max-diagnostics).
 */
export function patchPrinted(
  kept: KeptListing | null,
  pages: Iterable<{ path: string; ruleCounts: string }>,
  changed: ReadonlySet<string>,
  diagnosticsOf: (path: string) => Diagnostic[],
  head: Omit<SummaryCounts, 'errors' | 'warnings'>,
  options: PrintOptions,
): PrintedOutput | null {
  if (kept === null) return null;
  const { index, stream, before } = kept;
  const out: ListingBytes = { pieces: [], groups: [], separator: index.separator };
  // The run of consecutive old groups being copied: from group `from` to group `to`, inclusive.
  let run: { from: number; to: number } | null = null;
  const flush = () => {
    if (run === null) return;
    const first = index.groups[run.from]!;
    const start = before.get(first[0])!.at;
    const lastGroup = index.groups[run.to]!;
    const end = before.get(lastGroup[0])!.at + lastGroup[1];
    append(out, stream.subarray(start, end), index.groups.slice(run.from, run.to + 1));
    run = null;
  };
  const order: { path: string; ruleCounts: string }[] = [];
  for (const page of pages) {
    order.push(page);
    if (changed.has(page.path)) {
      flush();
      const { shown } = shownDiagnostics(diagnosticsOf(page.path), { quiet: options.quiet });
      appendFormatted(out, listingOf(shown, options));
      continue;
    }
    const old = before.get(page.path);
    if (!old) continue;
    if (run !== null && run.to + 1 === old.nth) run.to = old.nth;
    else {
      flush();
      run = { from: old.nth, to: old.nth };
    }
  }
  flush();
  const tallies = tallyPages(order, diagnosticsOf);
  return compose(out, 0, { ...head, ...severityCounts(tallies) }, tallies, options);
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
  const body = listing.pieces;
  const leadBytes = Buffer.from(lead.join(''), 'utf8');
  const index: ListingIndex | null = hidden > 0 ? null : { stream: options.format === 'github' ? 'stdout' : 'stderr', start: options.format === 'github' ? 0 : leadBytes.length, groups: listing.groups, separator: listing.separator };
  const rest = Buffer.from(tail.join(''), 'utf8');
  const exitCode = counts.errors > 0 ? 1 : 0;
  return options.format === 'github'
    ? { stdout: Buffer.concat(body), stderr: Buffer.concat([leadBytes, rest]), exitCode, listing: index }
    : { stdout: Buffer.alloc(0), stderr: Buffer.concat([leadBytes, ...body, rest]), exitCode, listing: index };
}
