// Where an output goes in the page text: right after its block, in the block's container. A block
// inside a blockquote or a list item has a prefix (`> `, indentation) on each of its lines, and its
// output must carry the same prefix or it would fall out of the container. A fence left open at the
// end of a file ends the file, not the block, so nothing may be appended after it.
import type { CodeBlock } from '../vault/types.ts';

/** The text before the closing fence on the block's last line: what every line of its output starts with. */
export function containerPrefix(text: string, block: CodeBlock): string {
  const lastLineStart = text.lastIndexOf('\n', block.end - 1) + 1;
  const line = text.slice(Math.max(lastLineStart, 0), block.end);
  const m = /^(.*?)(`{3,}|~{3,})\s*$/.exec(line);
  return m ? m[1]! : '';
}

/** Whether a fenced block really closes (CommonMark lets an unclosed fence run to the end of the document). */
export function isClosed(text: string, block: CodeBlock): boolean {
  const source = text.slice(block.start, block.end);
  const open = /^(`{3,}|~{3,})/.exec(source);
  if (!open) return true;
  const lines = source.split(/\r?\n/);
  if (lines.length < 2) return false;
  const prefix = containerPrefix(text, block);
  const last = lines.at(-1)!;
  const body = last.startsWith(prefix) ? last.slice(prefix.length) : last;
  const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(body);
  return close !== null && close[1]![0] === open[1]![0] && close[1]!.length >= open[1]!.length;
}
