// Text edits on source positions, as a language server makes them: fix, moc and `run --write` all
// describe their changes this way and share one applier, so only the changed spans change.
import type { VaultPath } from './paths.ts';

/** Replace `text.slice(start, end)` with `newText`; offsets index the file's decoded text (BOM included). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

/** One file's change: edits to an existing file, a new file, or a deletion (moved to `.trash/`). */
export type FileChange =
  | { kind: 'edit'; path: VaultPath; edits: TextEdit[] }
  | { kind: 'create'; path: VaultPath; text: string }
  | { kind: 'delete'; path: VaultPath };

export class EditConflictError extends Error {
  readonly a: TextEdit;
  readonly b: TextEdit;

  constructor(a: TextEdit, b: TextEdit) {
    super(`overlapping edits [${a.start}, ${a.end}) and [${b.start}, ${b.end})`);
    this.name = 'EditConflictError';
    this.a = a;
    this.b = b;
  }
}

/**
 * Applies non-overlapping edits to `text`. Two insertions at the same offset keep their given order;
 * an overlap is a bug in the caller and throws rather than corrupting the file.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = edits
    .map((edit, order) => ({ edit, order }))
    .sort((x, y) => x.edit.start - y.edit.start || x.edit.end - y.edit.end || x.order - y.order)
    .map((x) => x.edit);
  let out = '';
  let cursor = 0;
  let previous: TextEdit | undefined;
  for (const edit of sorted) {
    if (edit.start < 0 || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit [${edit.start}, ${edit.end}) is outside the text (length ${text.length})`);
    }
    if (previous && edit.start < previous.end) throw new EditConflictError(previous, edit);
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
    previous = edit;
  }
  return out + text.slice(cursor);
}

/** The line ending a file already uses, so inserted lines match it. */
export function eolOf(text: string): '\r\n' | '\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
