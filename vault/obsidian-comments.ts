// Obsidian's `%%comments%%`: one reading shared by the engine (links inside a comment are not links)
// and the site (a comment is not shown), so both agree on where every comment starts and ends.
// A comment runs from `%%` to the next `%%` outside code, across lines and blocks; an unclosed one
// runs to the end of the note, as in Obsidian.

/** `%%…%%` regions outside code: Obsidian comments, which hide links and text alike. */
export function obsidianComments(text: string, bodyStart: number, code: [number, number][]): [number, number][] {
  const regions: [number, number][] = [];
  const inCode = (offset: number) => code.some(([a, b]) => offset >= a && offset < b);
  let from = text.indexOf('%%', bodyStart);
  while (from !== -1) {
    if (inCode(from)) {
      from = text.indexOf('%%', from + 2);
      continue;
    }
    const close = text.indexOf('%%', from + 2);
    const end = close === -1 ? text.length : close + 2;
    regions.push([from, end]);
    from = close === -1 ? -1 : text.indexOf('%%', end);
  }
  return regions;
}
