// The baseline `kb check` is compared with: what a plain remark-based tool does to read a vault,
// every Markdown file read and parsed by remark-parse (with GFM) one after the other on one thread,
// with no cache. Prints the number of files parsed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const dir = process.argv[2];
if (!dir) throw new Error('usage: naive-remark.ts <vault>');
const processor = unified().use(remarkParse).use(remarkGfm);
let files = 0;
for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
  if (!file.endsWith('.md') || file.split('/').some((s) => s.startsWith('.'))) continue;
  processor.runSync(processor.parse(readFileSync(join(dir, file), 'utf8')));
  files++;
}
console.log(files);
