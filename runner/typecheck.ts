// `kb run --typecheck`: every TypeScript example (with its page's setup) becomes a virtual file,
// all are compiled in one program against the tfjs typings and runner/globals.d.ts, and each
// error is reported at its Markdown line.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parsePage } from '../vault/parse-page.ts';
import { pageBlocks } from './blocks.ts';
import { markdownLineOf, wrap, type Segment } from './compile.ts';
import { shardOf } from './run.ts';

const GLOBALS = fileURLToPath(new URL('./globals.d.ts', import.meta.url));

export interface TypeDiagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  // Node's typings resolved from kb's own installation, wherever the vault is; an installed kb (whose
  // @types/node is a devDependency) may have none, and the examples then compile without them.
  ...nodeTypes(),
};

function nodeTypes(): Pick<ts.CompilerOptions, 'types' | 'typeRoots'> {
  try {
    return { types: ['node'], typeRoots: [dirname(dirname(createRequire(import.meta.url).resolve('@types/node/package.json')))] };
  } catch {
    return { types: [] };
  }
}

export async function typecheckBlocks(root: string, files: readonly string[], options: { shard?: { index: number; count: number } } = {}): Promise<TypeDiagnostic[]> {
  const virtual = new Map<string, { text: string; file: string; segments: Segment[] }>();
  for (const path of shardOf(files, options.shard)) {
    const page = parsePage(path, await readFile(`${root}/${path}`, 'utf8'));
    for (const ex of pageBlocks(page).examples) {
      if (ex.lang !== 'ts' || ex.options.norun) continue;
      const { source, segments } = wrap([...ex.setup.map((s) => ({ code: s.value, line: s.contentLine })), { code: ex.block.value, line: ex.block.contentLine }]);
      // `export {}` makes each block a module, so blocks' top-level names do not collide.
      virtual.set(`${root}/__kb_blocks__/${virtual.size}.ts`, { text: `${source};\nexport {};\n`, file: path, segments });
    }
  }
  if (virtual.size === 0) return [];
  const host = ts.createCompilerHost(OPTIONS);
  const { getSourceFile, fileExists, readFile: read } = host;
  host.getSourceFile = (name, version, onError, create) => {
    const v = virtual.get(name);
    return v ? ts.createSourceFile(name, v.text, version) : getSourceFile.call(host, name, version, onError, create);
  };
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.text ?? read.call(host, name);
  const program = ts.createProgram([GLOBALS, ...virtual.keys()], OPTIONS, host);
  const out: TypeDiagnostic[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const v = d.file ? virtual.get(d.file.fileName) : undefined;
    if (!d.file || d.start === undefined) {
      if (d.category === ts.DiagnosticCategory.Error) out.push({ file: 'runner/globals.d.ts', line: 1, column: 1, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
      continue;
    }
    if (!v) continue;
    const pos = d.file.getLineAndCharacterOfPosition(d.start);
    out.push({ file: v.file, line: markdownLineOf(v.segments, pos.line + 1) ?? v.segments.at(-1)!.markdownLine, column: pos.character + 1, message: `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]}` });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
