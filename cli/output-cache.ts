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
import { startsWithLine } from '../vault/check-cache.ts';
import { codeFingerprint } from '../vault/code-fingerprint.ts';
import { siblingModule } from '../vault/sibling-module.ts';

export interface PrintedOutput {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

const outputFile = (root: string, profile: Profile) => join(vaultCacheDir(root), `check-${profile}.output`);

/** The key of one way of printing one report: the options and circumstances given, and the printing code. */
export function outputVariant(circumstances: Record<string, unknown>): string {
  const code = codeFingerprint([siblingModule('./commands/check.ts', import.meta.url), siblingModule('./output.ts', import.meta.url)]).hash;
  return createHash('sha1').update(code).update(JSON.stringify(circumstances)).digest('hex');
}

/** What was printed for this vault state and variant, or null. */
export async function readPrintedOutput(root: string, profile: Profile, signature: string, variant: string): Promise<PrintedOutput | null> {
  // `<signature>\n<variant>\n<exit code>\n<stdout byte length>\n<stdout><stderr>`; the key lines are
  // matched before the digest is checked, so only the two numbers are left to read.
  const key = `${signature}\n${variant}`;
  const bytes = await readChecked(outputFile(root, profile), (data) => startsWithLine(data, key));
  if (bytes === null) return null;
  const head = /^([012])\n(\d+)\n/.exec(bytes.toString('latin1', key.length + 1, key.length + 1 + 32));
  if (!head) return null;
  const at = key.length + 1 + head[0].length;
  const split = at + Number(head[2]);
  if (split > bytes.length) return null;
  return { exitCode: Number(head[1]), stdout: bytes.subarray(at, split), stderr: bytes.subarray(split) };
}

export async function writePrintedOutput(root: string, profile: Profile, signature: string, variant: string, output: PrintedOutput): Promise<void> {
  const head = Buffer.from(`${signature}\n${variant}\n${output.exitCode}\n${output.stdout.length}\n`, 'latin1');
  await writeChecked(outputFile(root, profile), [head, output.stdout, output.stderr]);
}
