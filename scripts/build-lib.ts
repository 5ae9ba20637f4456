// `npm run build:lib` (run by `prepare`, so by `npm install` in a checkout and by `npm pack`): compiles
// the library and the CLI into lib/ with tsc, from scratch so no deleted module lingers there, and
// copies the files tsc does not emit but the compiled code reads (the runner's block typings), and the
// `kb` entry, which is plain JavaScript already (cli/kb.mjs says why), pointed at the compiled program.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lib = join(root, 'lib');
rmSync(lib, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(join(root, 'runner/globals.d.ts'), join(lib, 'runner/globals.d.ts'));
const entry = readFileSync(join(root, 'cli/kb.mjs'), 'utf8');
if (!entry.includes("import('./program.ts')")) throw new Error('cli/kb.mjs no longer imports ./program.ts: update scripts/build-lib.ts');
writeFileSync(join(lib, 'cli/kb.mjs'), entry.replace("import('./program.ts')", "import('./program.js')"));
chmodSync(join(lib, 'cli/kb.mjs'), 0o755);
