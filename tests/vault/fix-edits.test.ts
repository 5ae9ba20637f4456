// The edits fix makes, one behaviour at a time, on small readable vaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, parsePage, planFix, Vault, type FixStep, type VaultPath } from '../../vault/index.ts';

const prose = 'A page long enough not to be a stub: it explains its idea in several sentences, with numbers and caveats, so the stub test of the spec does not apply to it. It keeps going a little longer, to be safe. ';

function fixed(files: Record<string, string>, only?: FixStep[]) {
  const texts = new Map(Object.entries(files));
  const vault = new Vault({ dir: '/v', profile: 'topic', pages: Object.entries(files).map(([p, t]) => parsePage(p, t)), attachments: [], texts: { get: (p) => texts.get(p) } });
  const plan = planFix(vault, only);
  const out: Record<string, string | null> = {};
  for (const change of plan.changes) {
    out[change.path] = change.kind === 'delete' ? null : change.kind === 'create' ? change.text : applyEdits(files[change.path]!, change.edits);
  }
  return { out, plan };
}

const fm = (slug: string, title: string, extra = '') => `---\nid: wiki-2026-0101-${slug}\ntitle: ${title}\ncategory: C\nstatus: verified\n${extra}---\n`;

test('a link to a redirect is rewritten to the canonical page, keeping its display text', () => {
  const { out } = fixed(
    {
      'New.md': `${fm('new', 'New')}${prose}`,
      'Old.md': `${fm('old', 'Old', 'duplicate_of: wiki-2026-0101-new\n').replace('verified', 'redirect')}${prose}`,
      'L.md': `${fm('l', 'L')}${prose}[[Old]] [[Old#a]] [[Old|kept]] ![[Old]]\n\n| k | v |\n|---|---|\n| x | [[Old#b]] |\n`,
    },
    ['links'],
  );
  assert.match(out['L.md']!, /\[\[New\|Old\]\] \[\[New#a\|Old > a\]\] \[\[New\|kept\]\] !\[\[New\]\]/);
  assert.match(out['L.md']!, /\| x \| \[\[New#b\\\|Old > b\]\] \|/);
});

test('links that resolve only by title or alias are pointed at the page name', () => {
  const { out } = fixed({ 'a/Note-Name.md': `${fm('n', 'Pretty Title', 'aliases: [Nick]\n')}${prose}`, 'L.md': `${fm('l', 'L')}${prose}[[pretty title]] [[Nick#x]] [[Note-Name]]\n` }, ['links']);
  assert.match(out['L.md']!, /\[\[Note-Name\|pretty title\]\] \[\[Note-Name#x\|Nick > x\]\] \[\[Note-Name\]\]\n$/);
});

test('an ambiguous name is written as a path, and a dotted name gets no .md (spec §7: [[v1.2]] reaches v1.2.md)', () => {
  const { out } = fixed(
    {
      'x/Same.md': `${fm('s1', 'Same One')}${prose}`,
      'y/Same.md': `${fm('s2', 'Same Two')}${prose}`,
      'v1.2.md': `${fm('v', 'Version Notes')}${prose}`,
      'L.md': `${fm('l', 'L')}${prose}[[Same Two]] [[version notes]]\n`,
    },
    ['links'],
  );
  assert.match(out['L.md']!, /\[\[y\/Same\|Same Two\]\] \[\[v1\.2\|version notes\]\]/);
});

test('duplicates become redirects; their names join the canonical aliases in the list own style', () => {
  const { out } = fixed({
    'a/Early-Stopping.md': `${fm('es', 'Early Stopping', 'aliases:\n  - patience\nsource_trust_level: A\n')}${prose}${prose}`,
    'b/early_stopping.md': `${fm('es2', 'early stopping', 'aliases: ["stop: early"]\n').replace('verified', 'draft')}${prose}`,
  }, ['duplicates']);
  assert.equal(
    out['b/early_stopping.md'],
    `---\nid: wiki-2026-0101-es2\ntitle: early stopping\ncategory: C\nstatus: redirect\naliases: ["stop: early"]\nduplicate_of: wiki-2026-0101-es\ncanonical_id: wiki-2026-0101-es\n---\n${prose}`,
  );
  assert.match(out['a/Early-Stopping.md']!, /^aliases:\n {2}- patience\n {2}- "stop: early"\nsource_trust_level: A$/m);
});

test('a flow alias list stays a flow list, CRLF and BOM are kept', () => {
  const canonical = `\ufeff${fm('c', 'Canon', 'aliases: [one, two]\nsource_trust_level: A\n')}${prose}${prose}`.replace(/\n/g, '\r\n');
  const { out } = fixed({ 'Canon.md': canonical, 'z/Canon copy.md': `${fm('d', 'canon', 'aliases: [Three]\n').replace('verified', 'draft')}${prose}` }, ['duplicates']);
  assert.equal(out['Canon.md'], canonical.replace('aliases: [one, two]', 'aliases: [one, two, Three]'));
});

test('Graph pruning removes unresolved links with one separator and drops emptied items', () => {
  const { out } = fixed(
    {
      'A.md': `${fm('a', 'A')}${prose}\n\n## 🔗 Graph\n- 부모: [[Gone]]\n- 변형: [[B]] · [[Nope]] · [[Gone2]]\n- 응용: [[Gone3]] · [[B]]\n- Adjacent: [[x.png]] · [[Missing]]\n\n## Next\n[[Unresolved elsewhere]]\n`,
      'B.md': `${fm('b', 'B')}${prose}`,
    },
    ['graph'],
  );
  assert.equal(out['A.md'], `${fm('a', 'A')}${prose}\n\n## 🔗 Graph\n- 변형: [[B]]\n- 응용: [[B]]\n- Adjacent: [[x.png]]\n\n## Next\n[[Unresolved elsewhere]]\n`);
});

test('stubs are deleted and MOCs generated; a MOC without markers is reported and left alone', () => {
  const { out, plan } = fixed({
    'C/Real.md': `${fm('r', 'Real')}${prose}`,
    'C/Stub.md': `${fm('s', 'Stub')}TODO\n`,
    'D/Other.md': `${fm('o', 'Other').replace('category: C', 'category: D')}${prose}`,
    'D/Hand MOC.md': '---\ntype: moc\ntitle: D index\ncategory: D\n---\nwritten by hand\n',
  });
  assert.equal(out['C/Stub.md'], null);
  assert.equal(out['C/C MOC.md'], '---\ntype: moc\ntitle: C MOC\ncategory: C\n---\n\n# C MOC\n\n<!-- moc:begin -->\n- [[Real]]\n<!-- moc:end -->\n');
  assert.equal(out['D/Hand MOC.md'], undefined);
  assert.ok(plan.diagnostics.some((d) => d.rule === 'moc-markers-missing' && d.file === ('D/Hand MOC.md' as VaultPath)));
});

test('an existing MOC region is regenerated and text outside the markers is kept', () => {
  const moc = '---\ntype: moc\ntitle: Index\ncategory: C\n---\nIntro [[Old name]].\n\n<!-- moc:begin -->\n- [[Stale]]\n<!-- moc:end -->\n\nOutro.\n';
  const { out } = fixed({ 'Index.md': moc, 'C/Zeta.md': `${fm('z', 'Zeta')}${prose}`, 'C/alpha.md': `${fm('al', 'alpha')}${prose}` }, ['moc']);
  assert.equal(out['Index.md'], moc.replace('- [[Stale]]', '- [[alpha]]\n- [[Zeta]]'));
});
