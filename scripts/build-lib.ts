// `npm run build:lib` (run by `prepare`, so by `npm install` in a checkout and by `npm pack`): compiles
// the library and the CLI into lib/ with tsc, from scratch so no deleted module lingers there, and
// copies the files tsc does not emit but the compiled code reads (the runner's block typings).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const lib = join(root, 'lib');
rmSync(lib, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(join(root, 'runner/globals.d.ts'), join(lib, 'runner/globals.d.ts'));
chmodSync(join(lib, 'cli/kb.js'), 0o755);
