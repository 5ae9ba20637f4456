// `kb fix --write` on an Obsidian vault, as a user runs it: nothing with content is trashed, no note
// is created, and every link Obsidian resolved before reaches the same file after. "Resolved" is
// decided here by a small resolver of Obsidian's own rules, written apart from kb's: Obsidian matches
// file names and paths only (no titles, no aliases), an exact file name before the note of that name.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { kb, removeVault } from '../helpers/vault-fixture.ts';
import { obsidianCopy } from '../helpers/obsidian-fixture.ts';

/** Every non-hidden file of the vault, vault-relative, with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else files.set(path, readFileSync(join(dir, path), 'latin1'));
    }
  };
  walk('');
  return files;
}

/** `[[target#anchor|display]]` and embeds outside code fences, inline code and comments: enough for this vault. */
function linksOf(text: string): string[] {
  const body = text
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  return [...body.matchAll(/!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\\?\|[^\]]*)?\]\]/g)].map((m) => m[1]!.trim());
}

/** Obsidian's rules: an exact path or name (extension included) first, then a note (`.md`); shortest path wins. */
function obsidianResolve(target: string, from: string, files: string[]): string | null {
  if (target.includes('{{') || target.includes('<%')) return null;
  let t = target.toLowerCase();
  if (t.startsWith('./') || t.startsWith('../')) {
    const parts = from.split('/').slice(0, -1);
    for (const seg of t.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg !== '.') parts.push(seg);
    }
    t = parts.join('/');
  }
  const ends = (path: string, wanted: string) => path === wanted || path.endsWith(`/${wanted}`);
  const byShortest = (a: string, b: string) => a.split('/').length - b.split('/').length || a.length - b.length || (a < b ? -1 : 1);
  for (const wanted of [t, `${t}.md`]) {
    const hits = files.filter((f) => ends(f.toLowerCase(), wanted)).sort(byShortest);
    if (hits.length > 0) return hits[0]!;
  }
  return null;
}

/** Each page's links in order, resolved by the rules above. */
function resolvedLinks(files: Map<string, string>): Map<string, (string | null)[]> {
  const paths = [...files.keys()];
  const out = new Map<string, (string | null)[]>();
  for (const [path, text] of files) if (path.endsWith('.md')) out.set(path, linksOf(text).map((t) => obsidianResolve(t, path, paths)));
  return out;
}

const dir = obsidianCopy();
after(() => removeVault(join(dir, '..')));

test('kb fix --write on an Obsidian vault keeps every note with content and every resolved link where it was', () => {
  const before = snapshot(dir);
  const linksBefore = resolvedLinks(before);
  const result = kb(['fix', dir, '--write', '--no-cache']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /profile obsidian \(\.obsidian\/ folder\); steps stubs, duplicates, links/);
  const afterFix = snapshot(dir);

  // Only empty notes nothing links to went, and to .trash/, byte for byte.
  const gone = [...before.keys()].filter((p) => !afterFix.has(p));
  assert.deepEqual(gone, ['Empty.md']);
  assert.ok(existsSync(join(dir, '.trash/Empty.md')));
  for (const path of gone) assert.equal(before.get(path)!.trim(), '');
  // No note was created (no MOC for the `category: Books` notes).
  assert.deepEqual([...afterFix.keys()].filter((p) => !before.has(p)), []);
  // Notes that Obsidian shows with content, a linked empty note and templates all stay.
  for (const path of ['Draft.md', 'Empty linked.md', 'Templates/Empty template.md', 'Templates/Daily.md', 'Code only.md', 'Headings only.md', 'Comment only.md', 'Captured output.md']) assert.ok(afterFix.has(path), path);
  // Unresolved links under a "Graph" heading are notes not yet written: kept.
  assert.equal(afterFix.get('Graph notes.md'), before.get('Graph notes.md'));

  const linksAfter = resolvedLinks(afterFix);
  for (const [path, targets] of linksBefore) {
    if (!afterFix.has(path)) continue;
    const now = linksAfter.get(path)!;
    assert.equal(now.length, targets.length, `${path}: links were added or removed`);
    targets.forEach((target, i) => {
      // A link Obsidian resolved reaches the same file; one it did not (an alias, a near miss) may now resolve.
      if (target !== null) assert.equal(now[i], target, `${path}: link ${i + 1} moved from ${target} to ${now[i]}`);
    });
  }
  // The dotted names were never rewritten to .md, and the alias and near-miss links now reach their note.
  const home = afterFix.get('Home.md')!;
  assert.match(home, /\[\[Node\.js\]\], mail at \[\[mailbox\.org\]\], the theme \[\[OLED\.Black\]\]/);
  assert.match(home, /\[\[Book A\|Book-A\]\] and \[\[Book A\|Fold\]\]/);
  assert.equal(linksAfter.get('Home.md')!.filter((t) => t === 'Books/Book A.md').length, 3);

  const again = kb(['fix', dir, '--no-cache']);
  assert.equal(again.status, 0, 'a second run has nothing to do');
  assert.match(again.stderr, /nothing to fix/);
});

test('graph pruning and MOCs run under obsidian only when asked for by name', () => {
  const asked = kb(['fix', dir, '--only', 'graph,moc', '--no-cache', '--json']);
  const summary = JSON.parse(asked.stdout);
  assert.equal(summary.graphLinksRemoved, 2);
  assert.deepEqual(summary.mocs.map((m: { path: string }) => m.path), ['Books/Books MOC.md']);
  writeFileSync(join(dir, 'kb.config.json'), '{ "fix": { "steps": ["graph"] } }');
  const configured = JSON.parse(kb(['fix', dir, '--no-cache', '--json']).stdout);
  assert.equal(configured.graphLinksRemoved, 2);
  assert.deepEqual(configured.mocs, []);
  rmSync(join(dir, 'kb.config.json'));
});

test('kb fix --write under the default topic profile refuses a vault whose notes are not topic pages, naming --profile obsidian', () => {
  const plain = obsidianCopy();
  after(() => removeVault(join(plain, '..')));
  rmSync(join(plain, '.obsidian'), { recursive: true });
  const before = snapshot(plain);
  const stamps = [...before.keys()].map((p) => statSync(join(plain, p)).mtimeMs);
  const result = kb(['fix', plain, '--write', '--no-cache']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /refusing to write: \d+ of 21 notes fail the topic schema.*--profile obsidian/);
  assert.deepEqual(snapshot(plain), before);
  assert.deepEqual([...before.keys()].map((p) => statSync(join(plain, p)).mtimeMs), stamps);
  assert.equal(existsSync(join(plain, '.trash')), false);
});
