#!/usr/bin/env node
// The `kb` command's entry. V8's compile cache is switched on before any other module loads: after
// the first run, the modules a command needs load from cache, about half of a warm `kb check`.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./program.ts');
