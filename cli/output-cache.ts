// What `kb check` printed for an unchanged vault, kept byte for byte. The report cache (vault/
// check-cache.ts) already spares a warm check the parse; but on a large vault turning that report
// back into the human listing was most of what was left (at 50k pages: parsing 75 MB of JSON,
// formatting 300k rows and encoding them again, about 1.5 s of a 2.7 s run). So the printed bytes are
// kept too, beside the report, under the same vault signature plus everything else that shapes them:
// the options, whether stderr is a terminal (colours), the vault's path as printed from the working
// directory, the profile and why, and the code that prints (its import closure). Any difference, and
// the listing is printed from the report as usual. Like every cache file, it is read back only when
// its digest matches (cache-store.ts), and it lives outside the vault.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Profile } from '../schemas/profiles.ts';
import { readChecked, vaultCacheDir, writeChecked } from '../vault/cache-store.ts';
import { codeFingerprint } from '../vault/code-fingerprint.ts';
import { siblingModule } from '../vault/sibling-module.ts';

/** Where the listing of diagnostics lies in what was printed, file group by file group (cli/check-output.ts). */
export interface ListingIndex {
  stream: 'stdout' | 'stderr';
  /** Its first byte in that stream. */
  start: number;
  /** Each file's group: the file, and the group's length in bytes. */
  groups: [string, number][];
  /** Bytes between two groups. */
  separator: string;
}

export interface PrintedOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
  /** Null when the listing cannot be patched (`--max-diagnostics` cut it). */
  listing: ListingIndex | null;
}

/** What was printed last time for this variant, and for which vault state; the listing index is read only when asked for. */
export interface KeptOutput extends Omit<PrintedOutput, 'listing'> {
  signature: string;
  listing: () => ListingIndex | null;
}

const outputFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.output`);

/** The key of one way of printing one report: the options and circumstances given, and the printing code. */
export function outputVariant(circumstances: Record<string, unknown>): string {
  const code = codeFingerprint([siblingModule('./commands/check.ts', import.meta.url), siblingModule('./check-output.ts', import.meta.url), siblingModule('./output.ts', import.meta.url)]).hash;
  return createHash('sha1').update(code).update(JSON.stringify(circumstances)).digest('hex');
}

/**
 * What was last printed for `variant`, whatever the vault state then (the caller compares the
 * signature: the same, and it prints it again; the state its snapshot describes, and it patches it).
 * `onSignature` hears the signature it was printed for before the file is read whole and its digest
 * checked (so it may be wrong): a caller that sees the vault changed starts its work meanwhile.
 */
export async function readPrintedOutput(root: string, profile: Profile, variant: string, onSignature?: (signature: string) => void): Promise<KeptOutput | null> {
  // `<signature>\n<variant>\n<exit code>\n<stdout bytes>\n<stderr bytes>\n<stdout><stderr><listing index JSON>`:
  // the variant line is matched before the digest is checked.
  const wanted = Buffer.from(`\n${variant}\n`, 'latin1');
  const test = (head: Buffer) => {
    if (!head.subarray(SIGNATURE_LENGTH).equals(wanted)) return false;
    onSignature?.(head.toString('latin1', 0, SIGNATURE_LENGTH));
    return true;
  };
  const bytes = await readChecked(outputFile(root, profile), { bytes: SIGNATURE_LENGTH + wanted.length, test });
  if (bytes === null) return null;
  const head = /^([0-9a-f]+)\n[0-9a-f]+\n([012])\n(\d+)\n(\d+)\n/.exec(bytes.toString('latin1', 0, 200));
  if (!head) return null;
  const at = head[0].length;
  const split = at + Number(head[3]);
  const end = split + Number(head[4]);
  if (end > bytes.length) return null;
  // Digest-checked, so it is the JSON this code wrote.
  const listing = () => JSON.parse(bytes.toString('utf8', end)) as ListingIndex | null;
  return { signature: head[1]!, exitCode: Number(head[2]), stdout: bytes.subarray(at, split), stderr: bytes.subarray(split, end), listing };
}

/** A vault signature's length (a SHA-1 in hex: stat.ts). */
const SIGNATURE_LENGTH = 40;

export async function writePrintedOutput(root: string, profile: Profile, signature: string, variant: string, output: PrintedOutput): Promise<void> {
  const head = Buffer.from(`${signature}\n${variant}\n${output.exitCode}\n${output.stdout.length}\n${output.stderr.length}\n`, 'latin1');
  await writeChecked(outputFile(root, profile), [head, output.stdout, output.stderr, Buffer.from(JSON.stringify(output.listing), 'utf8')]);
}
