// `kb check` as a user meets it on a vault kb did not write: which profile and why, the vault's
// kb.config.json (rule levels, ignore globs), and a report readable at any size.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { formatDiagnostics, summaryByRule } from '../../cli/output.ts';
import { loadVault, tallyRules, type Diagnostic, type VaultPath } from '../../vault/index.ts';
import { obsidianCopy } from '../helpers/obsidian-fixture.ts';
import { kb, removeVault } from '../helpers/vault-fixture.ts';

const dir = obsidianCopy();
const parent = dirname(dir);
after(() => removeVault(parent));
const check = (args: string[], cwd = parent) => kb(['check', basename(dir), '--no-cache', ...args], { cwd });

test('check says which profile it used and why', () => {
  assert.match(check([]).stderr, /^profile obsidian \(\.obsidian\/ folder\): 21 pages/m);
  const topic = check(['--profile', 'topic']).stderr;
  assert.match(topic, /^profile topic \(--profile\): /m);
  // The topic schema on ordinary notes fails nearly every one: the report says what fits instead.
  assert.match(topic, /^hint: \d+ of 21 notes fail the topic schema; for an Obsidian vault run with --profile obsidian/m);
  assert.doesNotMatch(check([]).stderr, /hint:/);
  writeFileSync(join(dir, 'kb.config.json'), '{ "profile": "topic" }\n');
  try {
    assert.match(check([]).stderr, /^profile topic \(kb\.config\.json\): /m);
  } finally {
    writeFileSync(join(dir, 'kb.config.json'), '{}\n');
  }
});

test('the human report names files relative to the working directory, one row per diagnostic, with a summary by rule', () => {
  const { stderr, status } = check([]);
  assert.equal(status, 1);
  assert.match(stderr, /^vault\/Broken YAML\.md\n {2}3:1 +error +malformed YAML: .* yaml-syntax$/m);
  assert.match(stderr, /^by rule:\n {2}error +yaml-syntax +1 +e\.g\. vault\/Broken YAML\.md:3:1 malformed YAML/m);
  assert.match(stderr, /^ {2}warning +stub +3 +e\.g\. vault\/Draft\.md:1:1 /m);
  // No row is padded to the longest message of the report.
  for (const line of stderr.split('\n')) assert.doesNotMatch(line, / {3,}$/, JSON.stringify(line));
  const short = stderr.split('\n').find((l) => l.includes('front-matter must be a map'))!;
  assert.ok(short.length < 90, short);
});

test('--quiet leaves out info diagnostics, in the human report and in GitHub annotations alike', () => {
  assert.match(check([]).stderr, / info +!\[\[diagram\.png\]\]/);
  assert.doesNotMatch(check(['--quiet']).stderr, / info +!\[\[diagram\.png\]\]/);
  const github = check(['--format', 'github']).stdout;
  assert.match(github, /^::notice file=vault\/Home\.md,line=11,col=16,title=kb unresolved-link::/m);
  assert.match(github, /^::error file=vault\/Broken YAML\.md,line=3,col=1,/m);
  assert.doesNotMatch(check(['--format', 'github', '--quiet']).stdout, /::notice/);
});

test('--max-diagnostics prints the first N and says how many more the summary counts', () => {
  const { stderr } = check(['--max-diagnostics', '2']);
  assert.equal(stderr.split('\n').filter((l) => /^ {2}\d+:\d+ /.test(l)).length, 2);
  assert.match(stderr, /^… and 8 more \(--max-diagnostics 2\); the summary below counts them all$/m);
  assert.match(stderr, /^ {2}warning +stub +3 /m);
  assert.equal(check(['--format', 'github', '--max-diagnostics', '1']).stdout.trim().split('\n').length, 1);
});

test('usage errors exit 2, commander’s own included, and never look like a vault with errors', () => {
  for (const args of [['--format', 'xml'], ['--max-diagnostics', '-1'], ['--max-diagnostics', 'many'], ['--profile', 'zettel'], ['--no-such-option']]) {
    const result = check(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /error: /);
  }
  assert.equal(kb(['--help']).status, 0);
  assert.equal(kb(['check', '--help']).status, 0);
});

test('an empty folder says no Markdown files were found', () => {
  const empty = mkdtempSync(join(tmpdir(), 'kb-empty-'));
  after(() => removeVault(empty));
  const result = kb(['check', empty, '--no-cache']);
  assert.equal(result.status, 0);
  assert.match(result.stderr, /no Markdown files found/);
});

test('kb.config.json sets rule levels and ignore globs; it is no attachment; its own problems are reported', async () => {
  writeFileSync(join(dir, 'kb.config.json'), JSON.stringify({ rules: { stub: 'off', 'unresolved-link': 'error', 'yaml-syntax': 'warning' }, ignore: ['Daily/**', '**/*.sh'] }));
  try {
    const vault = await loadVault(dir, { cache: false });
    assert.equal(vault.pages.size, 20);
    assert.ok(!vault.attachments.includes('kb.config.json' as VaultPath));
    assert.ok(!vault.attachments.includes('scripts/build.sh' as VaultPath));
    assert.equal(vault.diagnostics.filter((d) => d.rule === 'stub').length, 0);
    const home = vault.diagnostics.filter((d) => d.file === 'Home.md' && d.rule === 'unresolved-link');
    // Daily/ and build.sh are ignored, so their links no longer resolve; every unresolved link is now an error.
    assert.deepEqual(home.map((d) => [d.line, d.severity]), [[9, 'error'], [11, 'error'], [14, 'error'], [15, 'error']]);
    assert.ok(vault.diagnostics.some((d) => d.rule === 'yaml-syntax' && d.severity === 'warning'));
    // The same through the CLI, with the cache: a config change must not be answered from the last report.
    kb(['check', dir]);
    writeFileSync(join(dir, 'kb.config.json'), '{ "rules": { "stub": "info" } }');
    const json = JSON.parse(kb(['check', dir, '--json']).stdout) as { diagnostics: Diagnostic[] };
    assert.deepEqual([...new Set(json.diagnostics.filter((d) => d.rule === 'stub').map((d) => d.severity))], ['info']);
    writeFileSync(join(dir, 'kb.config.json'), '{ "rules": { "stub": "loud" } }');
    const broken = JSON.parse(kb(['check', dir, '--json']).stdout) as { diagnostics: Diagnostic[] };
    const config = broken.diagnostics.filter((d) => d.file === 'kb.config.json');
    assert.deepEqual(config.map((d) => [d.line, d.column, d.severity, d.rule]), [[1, 22, 'error', 'config-invalid']]);
  } finally {
    writeFileSync(join(dir, 'kb.config.json'), '{}\n');
  }
});

test('the report formats in time linear in the diagnostics: 200k rows format and summarise in one pass', () => {
  // Not a timing assertion (bench/check.bench.ts measures speed): the row count and the summary must
  // come out of one pass, and no row may be widened by another file's longer message.
  const many: Diagnostic[] = [];
  for (let i = 0; i < 200_000; i++) many.push({ file: `n/${i >> 3}.md` as VaultPath, line: (i & 7) + 1, column: 1, severity: i % 10 === 0 ? 'error' : 'info', rule: i % 10 === 0 ? 'yaml-syntax' : 'unresolved-link', message: i === 5 ? 'x'.repeat(300) : 'short' });
  mkdirSync(join(dir, 'n'), { recursive: true });
  const text = formatDiagnostics(many, dir);
  assert.equal(text.split('\n').filter((l) => l.startsWith('  ')).length, 200_000);
  assert.ok(text.split('\n').filter((l) => l.includes('short')).every((l) => l.length < 60));
  assert.match(summaryByRule(tallyRules(many), dir), /info +unresolved-link +180000 /);
});
