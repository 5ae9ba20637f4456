// The dry-run view of a plan: a unified diff per file, coloured on a terminal.
import { createTwoFilesPatch } from 'diff';
import pc from 'picocolors';
import { applyEdits, type FileChange } from '../edits.ts';
import type { VaultPath } from '../paths.ts';

export function renderDiff(changes: FileChange[], textOf: (path: VaultPath) => string, color: boolean): string {
  const out: string[] = [];
  for (const change of changes) {
    const before = change.kind === 'create' ? '' : textOf(change.path);
    const after = change.kind === 'delete' ? '' : change.kind === 'create' ? change.text : applyEdits(before, change.edits);
    const from = change.kind === 'create' ? '/dev/null' : `a/${change.path}`;
    const to = change.kind === 'delete' ? `/dev/null (moved to .trash/${change.path})` : `b/${change.path}`;
    const patch = createTwoFilesPatch(from, to, before, after, undefined, undefined, { context: 2 });
    out.push(color ? colorize(patch) : patch);
  }
  return out.join('');
}

function colorize(patch: string): string {
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return pc.bold(line);
      if (line.startsWith('+')) return pc.green(line);
      if (line.startsWith('-')) return pc.red(line);
      if (line.startsWith('@@')) return pc.cyan(line);
      return line;
    })
    .join('\n');
}
