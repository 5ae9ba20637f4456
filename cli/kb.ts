#!/usr/bin/env node
// The `kb` command's entry. V8's compile cache is switched on before any other module loads: after
// the first run, the modules a command needs load from cache, about half of a warm `kb check`.
// (Node 22.1 added it; on older Nodes kb just runs without it.)
import * as nodeModule from 'node:module';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
await import('./program.ts');
