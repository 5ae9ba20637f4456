// Which tfjs backends this installation can load, best first, without loading any of them: the
// choice is part of the cache key, and a fully cached `--check` must not pay for a tfjs start.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BACKENDS, type BackendName } from './protocol.ts';

const require = createRequire(import.meta.url);

function packageDir(name: string): string | null {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** Why tfjs-node cannot be used, or null when its compiled addon is in place. */
export function nativeUnavailableReason(): string | null {
  const dir = packageDir('@tensorflow/tfjs-node');
  if (!dir) return '@tensorflow/tfjs-node is not installed (run `npm run setup:native`)';
  const lib = join(dir, 'lib');
  const addon = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  return addon ? null : '@tensorflow/tfjs-node has no compiled addon (run `npm run setup:native`)';
}

export function availableBackends(): { backends: BackendName[]; skipped: { backend: BackendName; reason: string }[] } {
  const skipped: { backend: BackendName; reason: string }[] = [];
  const backends: BackendName[] = [];
  for (const b of BACKENDS) {
    const reason = b === 'tensorflow' ? nativeUnavailableReason() : b === 'wasm' && !packageDir('@tensorflow/tfjs-backend-wasm') ? '@tensorflow/tfjs-backend-wasm is not installed' : null;
    if (reason) skipped.push({ backend: b, reason });
    else backends.push(b);
  }
  return { backends, skipped };
}

export function tfjsVersion(): string {
  const dir = packageDir('@tensorflow/tfjs-core');
  return dir ? (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version : 'unknown';
}

export function isBackendName(name: string): name is BackendName {
  return (BACKENDS as readonly string[]).includes(name);
}
