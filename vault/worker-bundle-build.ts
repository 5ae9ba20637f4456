// The detached process worker-bundle.ts starts to bundle a worker: `node worker-bundle-build.ts
// <entry URL> <bundle file>`. It writes the bundle, then removes the same worker's bundles of older
// code. Silent: it runs after the kb that started it may have exited.
import { buildBundle, pruneBundles } from './worker-bundle.ts';

const [entry, file] = process.argv.slice(2);
if (entry && file && (await buildBundle(new URL(entry), file))) pruneBundles(new URL(entry), file);
