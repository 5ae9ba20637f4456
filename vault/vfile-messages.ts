// Diagnostics as unified vfile messages, for vfile-reporter, editors and CI annotations. Kept apart
// from the engine's diagnostics so checking a vault does not load vfile until something is printed.
import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { sortDiagnostics } from './diagnostics.ts';
import type { VaultPath } from './paths.ts';
import type { Diagnostic } from './types.ts';

/** As a unified vfile message, so vfile-reporter, editors and CI annotations can show it. */
export function toVFileMessage(diagnostic: Diagnostic): VFileMessage {
  const message = new VFileMessage(diagnostic.message, {
    place: { line: diagnostic.line, column: diagnostic.column },
    ruleId: diagnostic.rule,
    source: 'kb',
  });
  message.file = diagnostic.file;
  message.fatal = diagnostic.severity === 'error' ? true : diagnostic.severity === 'warning' ? false : undefined;
  return message;
}

/** One vfile per file with diagnostics, messages in order: the input vfile-reporter expects. */
export function toVFiles(diagnostics: Diagnostic[], base: string): VFile[] {
  const files = new Map<VaultPath, VFile>();
  for (const d of sortDiagnostics([...diagnostics])) {
    let file = files.get(d.file);
    if (!file) {
      file = new VFile({ path: d.file, cwd: base });
      files.set(d.file, file);
    }
    const message = toVFileMessage(d);
    file.messages.push(message);
  }
  return [...files.values()];
}
