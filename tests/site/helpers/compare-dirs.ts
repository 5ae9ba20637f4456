// Every file of two folders, compared byte for byte.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string, prefix = '', out: string[] = []): string[] {
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files(dir, rel, out);
    else out.push(rel);
  }
  return out;
}

/** Files only in `a`, only in `b`, and in both with different bytes; all empty when the folders are equal. */
export function compareDirs(a: string, b: string): { onlyInA: string[]; onlyInB: string[]; different: string[]; files: number } {
  const inA = new Set(files(a));
  const inB = new Set(files(b));
  const different = [...inA].filter((f) => inB.has(f) && !readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
  return { onlyInA: [...inA].filter((f) => !inB.has(f)).sort(), onlyInB: [...inB].filter((f) => !inA.has(f)).sort(), different: different.sort(), files: inA.size };
}
