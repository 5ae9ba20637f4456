#!/usr/bin/env node
// The `kb` command's entry. V8's compile cache is switched on before any other module loads: after
// the first run, the modules a command needs load from cache, compiled code and (for the .ts
// sources) their type-stripped text alike. This entry is plain JavaScript for the same reason: an
// entry in TypeScript is stripped before it can switch the cache on, which loads Node's TypeScript
// stripper on every run (about 0.1 s). npm run build:lib copies it beside the compiled program.
// (Node 22.1 added the compile cache; on older Nodes kb just runs without it.)
import * as nodeModule from 'node:module';

nodeModule.enableCompileCache?.();
await import('./program.ts');
