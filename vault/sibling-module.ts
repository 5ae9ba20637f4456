// Worker threads and child processes are started from a URL, not imported, so tsc does not rewrite
// their `.ts` spelling when it compiles kb: this locates them with the running file's own extension.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A module next to `base` (an `import.meta.url`), spelled as in the sources (`./parse-worker.ts`) and
 * located with the running file's own extension: `.ts` when kb runs from its sources, `.js` once
 * compiled. vault/code-fingerprint.ts follows these references when it hashes a module's closure.
 */
export function siblingModule(specifier: string, base: string): URL {
  return new URL(specifier.replace(/\.ts$/, extname(fileURLToPath(base))), base);
}
