// `kb fix --write` on generated vaults leaves what gen-vault's manifest says a correct fix leaves,
// changes only what it must, and a second run changes nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { diffLines } from 'diff';
import { checkReport, loadVault, MOC_BEGIN } from '../../vault/index.ts';
import { generateVault, kb, removeVault } from '../helpers/vault-fixture.ts';

const made: string[] = [];
// generateVault writes the vault and its manifest into a temp folder of their own.
after(() => made.forEach((dir) => removeVault(dirname(dir))));

/** Every file below `dir` (hidden folders included, the parse cache excluded) with its content hash. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(dir.length + 1);
    if (path.startsWith('.kb-cache')) continue;
    files.set(path, createHash('sha1').update(readFileSync(join(dir, path))).digest('hex'));
  }
  return files;
}

function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of snapshot(dir).keys()) if (path.endsWith('.md') && !path.startsWith('.trash/')) files.set(path, readFileSync(join(dir, path), 'utf8'));
  return files;
}

for (const tricky of [false, true]) {
  test(`fix on a generated vault${tricky ? ' (tricky)' : ''} leaves what the manifest says, minimally and idempotently`, async () => {
    const { dir, manifest } = generateVault(600, tricky ? 12 : 11, tricky);
    made.push(dir);
    const before = readTree(dir);
    const beforeHashes = snapshot(dir);

    // A dry run writes nothing and exits 1 because changes are pending.
    const dry = kb(['fix', dir, '--json']);
    assert.equal(dry.status, 1, dry.stderr);
    assert.deepEqual(snapshot(dir), beforeHashes);

    const write = kb(['fix', dir, '--write', '--json']);
    assert.equal(write.status, 0, write.stderr);
    const summary = JSON.parse(write.stdout);
    assert.ok(summary.linksRewritten.redirect + summary.linksRewritten.fixable + summary.linksRewritten.title + summary.linksRewritten.alias >= manifest.afterFix.linksRewrittenAtLeast);
    assert.equal(summary.graphLinksRemoved, manifest.afterFix.graphLinksRemoved);

    const vault = await loadVault(dir, { cache: false });
    const report = checkReport(vault);
    assert.equal(report.links.redirect, 0);
    assert.equal(report.links.fixable, 0);
    assert.equal(report.links.unresolvedInGraph, 0);
    assert.equal(report.links.unresolved, manifest.afterFix.links.unresolved);
    assert.deepEqual(report.stubs, []);
    assert.deepEqual(report.duplicates, []);

    // Stubs went to .trash/ under their vault path; nothing is lost.
    for (const path of manifest.afterFix.deleted) {
      assert.equal(existsSync(join(dir, path)), false, path);
      assert.ok(existsSync(join(dir, '.trash', path)), `.trash/${path}`);
    }
    // Cluster members are redirects to their canonical.
    for (const [path, canonicalId] of Object.entries(manifest.afterFix.newRedirects)) {
      const page = vault.pages.get(path as never)!;
      assert.equal(page.frontMatter.data?.duplicate_of, canonicalId, path);
      assert.equal(page.frontMatter.data?.canonical_id, canonicalId, path);
      assert.equal(page.frontMatter.data?.status, 'redirect', path);
    }
    // Every resolved page link now resolves by spec rule 1 or 2.
    for (const link of vault.links) {
      if (link.class === 'resolved' && !link.resolution.attachment) assert.ok(['path', 'name', 'self'].includes(link.resolution.rule!), `${link.from}: ${link.raw} resolves by ${link.resolution.rule}`);
    }
    // One MOC per category, listing its pages (invalid pages may or may not be listed).
    const invalidNames = new Set(manifest.invalidFrontMatter.map((p) => p.slice(p.lastIndexOf('/') + 1, -3).normalize('NFC')));
    const mocs = [...vault.pages.values()].filter((p) => p.kind === 'moc');
    assert.deepEqual(mocs.map((m) => m.category).sort(), manifest.afterFix.mocCategories);
    for (const moc of mocs) {
      const listed = vault.outlinks(moc.path).map((l) => l.resolution.path!.slice(l.resolution.path!.lastIndexOf('/') + 1, -3));
      const expected = manifest.afterFix.mocMembers[moc.category!]!.map((n) => n.normalize('NFC'));
      assert.deepEqual(listed.filter((n) => !invalidNames.has(n)).sort(), [...expected].sort(), moc.category!);
      assert.ok(vault.text(moc.path).includes(MOC_BEGIN));
    }

    // Minimality: untouched pages are byte-identical; in changed pages every changed line holds a
    // link or a changed front-matter key.
    const afterTree = readTree(dir);
    for (const [path, text] of before) {
      const now = afterTree.get(path);
      if (now === undefined || now === text) continue;
      for (const part of diffLines(text, now)) {
        if (!part.added && !part.removed) continue;
        for (const line of part.value.split(/\r?\n/).filter((l) => l !== '')) {
          assert.match(line, /\[\[|^(duplicate_of|canonical_id|status|aliases):|^\s+- /, `${path}: unexpected changed line ${JSON.stringify(line)}`);
        }
      }
      if (text.startsWith('\ufeff')) assert.ok(now.startsWith('\ufeff'), `${path} lost its BOM`);
      if (text.includes('\r\n')) assert.equal(now.replace(/\r\n/g, '').includes('\n'), false, `${path} lost CRLF`);
    }

    // Idempotence: a second run has nothing to do and changes no byte.
    const fixed = snapshot(dir);
    const again = kb(['fix', dir, '--write']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(snapshot(dir), fixed);
    assert.equal(kb(['fix', dir]).status, 0);
  });
}
