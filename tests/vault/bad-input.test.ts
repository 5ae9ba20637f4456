// Bad input never stops a check: each broken file gets a positioned diagnostic and every other page
// is still checked.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { checkReport, loadVault, type Diagnostic } from '../../vault/index.ts';
import { kb, removeVault, writeVault } from '../helpers/vault-fixture.ts';

const fm = (id: string, extra = '') => `---\nid: wiki-2026-0101-${id}\ntitle: ${id}\ncategory: Topics\nstatus: draft\n${extra}---\n`;
const prose = 'Generalization is measured on data the model never saw during training, and the gap between the two errors is what regularization tries to close. '.repeat(3);
const good = (id: string, links = '') => `${fm(id)}# ${id}\n\n${prose}${links}\n`;

const files: Record<string, string | Uint8Array> = {
  'ok/Alpha.md': good('alpha', ' See [[Beta]].'),
  'ok/Beta.md': good('beta', ' See [[Alpha]].'),
  'bad/Malformed.md': `---\nid: wiki-2026-0101-malformed\ntitle: Malformed\ntags: [a, b\ncategory: Topics\nstatus: draft\n---\n${prose} [[Alpha]]\n`,
  'bad/WrongTypes.md': `---\nid: wiki-2026-0101-wrong\ntitle: 42\ncategory: Topics\nstatus: draft\nconfidence_score: high\naliases: not-a-list\n---\n${prose}\n`,
  'bad/ImpossibleDate.md': `${fm('date', 'last_reinforced: 2026-13-45\n')}${prose}\n`,
  'bad/RealDate.md': `${fm('realdate', 'last_reinforced: 2026-05-10\n')}${prose}\n`,
  'bad/DupA.md': good('dup'),
  'bad/DupB.md': good('dup').replace('title: dup', 'title: dup b'),
  'bad/Empty.md': '',
  'bad/NoFrontMatter.md': `# No front-matter\n\n${prose}\n`,
  'bad/Binary.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]),
  'bad/Latin1.md': new Uint8Array(Buffer.from(`${fm('latin')}caf\xe9 ${prose}`, 'latin1')),
  'bad/Huge.md': `${fm('huge')}${`${prose} [[Alpha]]\n\n`.repeat(8000)}`,
  'bad/LongLink.md': `${fm('longlink')}${prose} [[${'x'.repeat(10000)}]]\n`,
  'bad/DeepList.md': `${fm('deep')}${prose}\n\n${Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- level ${i} [[Alpha]]`).join('\n')}\n`,
  'bad/DeepQuote.md': `${fm('quote')}${prose}\n\n${'>'.repeat(5000)} [[Beta]]\n`,
};

let dir = '';
let report: ReturnType<typeof checkReport>;
const diagnosticsOf = (path: string) => report.diagnostics.filter((d) => d.file === path);
const expectDiagnostic = (path: string, rule: string | RegExp, check: (d: Diagnostic) => void = () => {}) => {
  const found = diagnosticsOf(path).filter((d) => (typeof rule === 'string' ? d.rule === rule : rule.test(d.rule)));
  assert.ok(found.length > 0, `${path}: expected a ${rule} diagnostic, got ${JSON.stringify(diagnosticsOf(path))}`);
  for (const d of found) {
    assert.ok(d.line >= 1 && d.column >= 1, `${path}: ${rule} has a position`);
    check(d);
  }
};

test('a vault full of broken files is checked to the end', async () => {
  dir = writeVault(files);
  symlinkSync(join(dir, 'nowhere.md'), join(dir, 'bad/Dangling.md'));
  report = checkReport(await loadVault(dir, { cache: false }));
  assert.equal(report.pages, Object.keys(files).length + 1);
  // The good pages are checked as usual: their links resolve both ways.
  assert.deepEqual(diagnosticsOf('ok/Alpha.md'), []);
  assert.deepEqual(diagnosticsOf('ok/Beta.md'), []);
});

test('malformed YAML is an error at the line where the parser gave up, and the body is still read', () => {
  expectDiagnostic('bad/Malformed.md', 'yaml-syntax', (d) => assert.ok(d.line >= 2 && d.line <= 7, `line ${d.line}`));
  assert.ok(report.invalidFrontMatter.includes('bad/Malformed.md'));
});

test('wrong types are reported at the offending key', () => {
  const lines = diagnosticsOf('bad/WrongTypes.md').filter((d) => d.rule === 'frontmatter-schema').map((d) => d.line);
  assert.deepEqual(lines.sort(), [3, 6, 7]); // title, confidence_score, aliases
});

test('an impossible date is a schema error at its key, and a real date stays a valid string', () => {
  expectDiagnostic('bad/ImpossibleDate.md', 'frontmatter-schema', (d) => {
    assert.equal(d.line, 6);
    assert.match(d.message, /calendar date/);
  });
  assert.deepEqual(diagnosticsOf('bad/RealDate.md'), []);
});

test('duplicate ids are errors on both pages, at their id lines', () => {
  expectDiagnostic('bad/DupA.md', 'frontmatter-duplicate-id', (d) => assert.equal(d.line, 2));
  expectDiagnostic('bad/DupB.md', 'frontmatter-duplicate-id', (d) => assert.equal(d.line, 2));
});

test('an empty file and a file without front-matter are reported at 1:1', () => {
  for (const path of ['bad/Empty.md', 'bad/NoFrontMatter.md']) {
    expectDiagnostic(path, 'frontmatter-missing', (d) => assert.deepEqual([d.line, d.column], [1, 1]));
  }
});

test('a file that cannot be read (a dangling link) is an error, not a crash', () => {
  expectDiagnostic('bad/Dangling.md', 'unreadable', (d) => assert.match(d.message, /ENOENT/));
});

test('binary and non-UTF-8 files are reported as encoding errors, not parsed', () => {
  expectDiagnostic('bad/Binary.md', 'encoding');
  expectDiagnostic('bad/Latin1.md', 'encoding');
});

test('a 4 MB page (under limits.maxNoteBytes) is parsed, flagged as large, and its links are counted', () => {
  expectDiagnostic('bad/Huge.md', 'large-page');
  assert.equal(report.stubs.includes('bad/Huge.md'), false);
});

test('a 10,000-character link is just an unresolved link with a position', () => {
  expectDiagnostic('bad/LongLink.md', 'unresolved-link', (d) => assert.equal(d.line, 7));
});

test('deeply nested lists and quotes are read line by line, with their links', () => {
  expectDiagnostic('bad/DeepList.md', 'markdown-unparsed');
  expectDiagnostic('bad/DeepQuote.md', 'markdown-unparsed', (d) => assert.equal(d.line, 9));
  assert.equal(report.stubs.includes('bad/DeepQuote.md'), false);
});

test('kb check prints every problem with file:line:col and exits 1', () => {
  const result = kb(['check', dir, '--no-cache']);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /bad\/ImpossibleDate\.md[\s\S]*6:1/);
  assert.match(result.stderr, /frontmatter-duplicate-id/);
  const github = kb(['check', dir, '--no-cache', '--format', 'github']);
  assert.match(github.stdout, /^::error file=.*bad\/WrongTypes\.md,line=3,col=1,title=kb frontmatter-schema::/m);
});

after(() => removeVault(dir));
