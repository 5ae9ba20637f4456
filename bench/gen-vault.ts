#!/usr/bin/env node
// The project's own generator of synthetic vaults for tests and benchmarks, with a manifest of what
// a correct `kb check` reports and what a correct `kb fix` leaves behind (docs/vault-semantics.md).
// The manifest is known by construction: every link is written with the class it was made to have,
// every defect is planted on purpose, and nothing here asks vault/ what it thinks. Deterministic for
// a given seed; no dependencies beyond Node.
//
//   node bench/gen-vault.ts --pages 2000 --seed 1 --out /tmp/vault [--tricky]
//
// --tricky adds the harder cases: Korean titles stored in NFD file names (links use NFC), CRLF and
// BOM files, links in table cells written with `\|`, embeds, path-form links, two pages with one file
// name in different folders, redirect chains, and links hidden in indented code and `%%` comments.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// The manifest's shape is the report's (a type only: no count here is computed by vault/).
export type { LinkCounts } from '../vault/check.ts';
import type { LinkCounts } from '../vault/check.ts';

export interface Manifest {
  seed: number;
  tricky: boolean;
  pages: number;
  links: LinkCounts;
  stubs: string[];
  duplicates: { canonical: string; members: string[] }[];
  invalidFrontMatter: string[];
  redirectPages: string[];
  redirectErrors: number;
  linksInStubs: number;
  afterFix: {
    deleted: string[];
    newRedirects: Record<string, string>;
    links: { redirect: number; fixable: number; unresolvedInGraph: number; unresolved: number };
    linksRewrittenAtLeast: number;
    graphLinksRemoved: number;
    mocCategories: string[];
    mocMembers: Record<string, string[]>;
  };
}

export interface GenerateOptions {
  pages: number;
  seed: number;
  tricky?: boolean;
}

// ---------- the semantics' two keys (docs/vault-semantics.md §Names) ----------
const key = (s: string) => s.normalize('NFC').toLowerCase().trim().replace(/\s+/g, ' ');
const fuzzy = (s: string) => key(s).replace(/[\s\-_]/g, '');
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (xs: Iterable<string>) => [...xs].sort(byCodePoint);

// ---------- vocabulary ----------
const TERMS = `overfitting underfitting regularization dropout weight decay margin norm spectral lipschitz
sharpness flatness minima prior posterior kernel tangent manifold curvature hessian eigenvalue rank
transfer probing linear logistic ridge lasso early stopping patience validation holdout fold bootstrap
shift drift covariate label noise mixup cutout augmentation robustness worst group domain invariance
causal scaling compute tokens emergence grokking lottery pruning quantization distillation ensemble
bagging boosting variance bias capacity complexity rademacher vc interpolation descent implicit
gradient stochastic momentum adam schedule warmup batch learning loss landscape entropy temperature
softmax logits confidence calibration reliability error population stability mahalanobis energy density
outlier anomaly monitoring deployment benchmark leakage stratified shuffle curriculum memorization gap
representation embedding contrastive pretraining finetuning adapter prompting retrieval attention
sparsity smoothness compression mutual information bottleneck pac bayesian stability uniform convergence`
  .split(/\s+/)
  .filter(Boolean);
// Words no page title uses, so a link made of them resolves to nothing.
const NONSENSE = `plum teapot harbor lantern quilt walnut saddle meadow copper thistle pumpkin
anchor violet basil cobbler orchid pepper marble lagoon cactus velvet juniper`
  .split(/\s+/)
  .filter(Boolean);
const HANGUL = '일반화 과적합 과소적합 정규화 검증 분포 이동 보정 신뢰도 표현 차원 전이 배치 학습률 조기종료 드롭아웃 감쇠 용량 복잡도 마진 노름 평탄성 최소점 앙상블'.split(' ');
const CATEGORIES = ['10_Wiki/Topics', '10_Wiki/Concepts', '20_Papers', '30_Techniques', '40_Tools', '50_Benchmarks'];
const TWIN_FOLDER = 'Archive/Old';
const STUB_MARKERS = ['Error: the model stopped before finishing this page.', 'Traceback (most recent call last):', "I'm sorry, but I cannot write this page."];
const INVALID_KINDS = ['no-title', 'confidence-above-one', 'impossible-date', 'unknown-status', 'malformed-id', 'unclosed-list', 'unknown-trust'] as const;
type InvalidKind = (typeof INVALID_KINDS)[number];

const capital = (w: string) => w[0]!.toUpperCase() + w.slice(1);

/** mulberry32: small, fast and the same on every platform. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

type Kind = 'topic' | 'member' | 'redirect' | 'stub' | 'invalid';

interface PlannedPage {
  index: number;
  kind: Kind;
  path: string;
  name: string;
  title: string;
  aliases: string[];
  category: string;
  id: string;
  korean?: boolean;
  /** Shares its file name with another page in another folder. */
  twin?: boolean;
  /** Has a twin: links by bare name are ambiguous (resolved, with a warning). */
  twinned?: boolean;
  canonical?: boolean;
  redirectTo?: PlannedPage;
  stubKind?: number;
  invalidKind?: InvalidKind;
}

type LinkClass = 'resolved' | 'redirect' | 'fixable' | 'unresolved';
type Where = 'body' | 'graph';

/** Builds the vault in memory: vault path → text, and the manifest. */
export function buildVault({ pages: total, seed, tricky = false }: GenerateOptions): { files: Map<string, string>; manifest: Manifest } {
  if (!Number.isInteger(total) || total < 60) throw new Error('--pages must be an integer of at least 60');
  const rng = random(seed);

  // Every fuzzy key a name, title or alias has, with the pages that own it: what decides whether a
  // link resolves, is fixable (exactly one owner) or is unresolved (none).
  const owners = new Map<string, Set<number>>();
  const claim = (text: string, index: number) => {
    const k = fuzzy(text);
    if (!owners.has(k)) owners.set(k, new Set());
    owners.get(k)!.add(index);
  };
  const free = (text: string) => !owners.has(fuzzy(text));

  const pages: PlannedPage[] = [];
  let serial = 0;
  const newId = (title: string) => {
    serial++;
    const slug = key(title).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32) || 'note';
    return `wiki-2026-${String(1 + (serial % 12)).padStart(2, '0')}${String(1 + (serial % 28)).padStart(2, '0')}-${slug}-${serial}`;
  };
  const add = (page: Omit<PlannedPage, 'index'>): PlannedPage => {
    const planned = { ...page, index: pages.length };
    pages.push(planned);
    for (const text of new Set([planned.name, planned.title, ...planned.aliases])) claim(text, planned.index);
    return planned;
  };
  const freshTitle = () => {
    for (;;) {
      const n = rng.int(2, 3);
      const words = Array.from({ length: n }, () => rng.pick(TERMS));
      if (new Set(words).size < n) continue;
      const title = words.map(capital).join(' ');
      if (free(title) && free(title.replace(/ /g, '-'))) return title;
    }
  };
  const simple = (kind: Kind, category: string, extra: Partial<PlannedPage> = {}) => {
    const title = freshTitle();
    const name = title.replace(/ /g, '-');
    return add({ kind, title, name, aliases: [], category, path: `${category}/${name}.md`, id: newId(title), ...extra });
  };

  // ---------- plan ----------
  const stubCount = Math.max(3, Math.round(total * 0.02));
  const clusterCount = Math.max(2, Math.round(total * 0.005));
  const redirectCount = Math.max(3, Math.round(total * 0.01));
  const invalidCount = Math.max(INVALID_KINDS.length, Math.round(total * 0.004));
  const koreanCount = tricky ? Math.max(6, Math.round(total * 0.01)) : 0;
  const membersPer = Array.from({ length: clusterCount }, () => (rng.chance(0.3) ? 2 : 1));
  const memberCount = membersPer.reduce((a, b) => a + b, 0);
  const topicCount = total - stubCount - redirectCount - invalidCount - memberCount - koreanCount - (tricky ? 1 : 0);

  for (let k = 0; k < topicCount; k++) {
    const title = freshTitle();
    const name = title.replace(/ /g, '-');
    const aliases: string[] = [];
    if (rng.chance(0.3)) {
      const acronym = `${title.split(' ').map((w) => w[0]!.toUpperCase()).join('')}-${k + 1}`;
      if (free(acronym)) aliases.push(acronym);
    }
    // The first pages go round the categories, so every category has topic pages (and one MOC after fix).
    const category = k < CATEGORIES.length ? CATEGORIES[k]! : rng.pick(CATEGORIES);
    add({ kind: 'topic', title, name, aliases, category, path: `${category}/${name}.md`, id: newId(title) });
  }
  if (tricky) {
    for (let k = 0; k < koreanCount; k++) {
      let title: string;
      do title = `${rng.pick(HANGUL)} ${rng.pick(HANGUL)} ${k + 1}`;
      while (!free(title));
      const name = title.replace(/ /g, '-');
      const category = rng.pick(CATEGORIES);
      // Stored decomposed, as macOS writes file names; every link to it is written composed.
      add({ kind: 'topic', korean: true, title, name, aliases: [], category, path: `${category}/${name.normalize('NFD')}.md`, id: newId(`ko ${k}`) });
    }
    const first = pages[0]!;
    first.twinned = true;
    const title = freshTitle();
    add({ kind: 'topic', twin: true, title, name: first.name, aliases: [], category: TWIN_FOLDER, path: `${TWIN_FOLDER}/${first.name}.md`, id: newId(title) });
  }
  const topics = pages.filter((p) => p.kind === 'topic');
  const plainTopics = () => topics.filter((p) => !p.korean && !p.twin && !p.twinned && !p.canonical);

  // Duplicate clusters: a topic page (the canonical: verified, trust A, so it wins) and one or two
  // members in other folders whose title has the same fuzzy key, or is the canonical's alias.
  const clusters: { canonical: PlannedPage; members: PlannedPage[] }[] = [];
  for (let c = 0; c < clusterCount; c++) {
    const canonical = rng.pick(plainTopics());
    canonical.canonical = true;
    const members: PlannedPage[] = [];
    for (let m = 0; m < membersPer[c]!; m++) {
      const folders = CATEGORIES.filter((f) => f !== canonical.category);
      const category = folders[(c + m) % folders.length]!;
      const forms = [canonical.title.toLowerCase(), canonical.title.replace(/ /g, '_'), canonical.title.replace(/ /g, '').toUpperCase()];
      const title = m === 1 && canonical.aliases.length ? canonical.aliases[0]! : forms[(c + m) % forms.length]!;
      let name = `${canonical.name}-${rng.pick(['Draft', 'Notes', 'Copy', 'Summary', 'v2'])}`;
      while (!free(name)) name += `-${rng.int(2, 99)}`;
      members.push(add({ kind: 'member', title, name, aliases: [], category, path: `${category}/${name}.md`, id: newId(title) }));
    }
    clusters.push({ canonical, members });
  }

  // Redirect pages already in the vault; in tricky mode every fifth points at the previous one (a chain).
  const redirects: PlannedPage[] = [];
  for (let r = 0; r < redirectCount; r++) {
    let title: string;
    do title = `Former ${capital(rng.pick(TERMS))} ${capital(rng.pick(NONSENSE))} ${r + 1}`;
    while (!free(title));
    const name = title.replace(/ /g, '-');
    const target = tricky && r > 0 && r % 5 === 0 ? redirects[r - 1]! : rng.pick(plainTopics());
    const category = rng.pick(CATEGORIES);
    redirects.push(add({ kind: 'redirect', title, name, aliases: [], category, path: `${category}/${name}.md`, id: newId(title), redirectTo: target }));
  }

  const stubs = Array.from({ length: stubCount }, (_, t) => simple('stub', rng.pick(CATEGORIES), { stubKind: t % 3 }));
  const invalid = Array.from({ length: invalidCount }, (_, v) => simple('invalid', rng.pick(CATEGORIES), { invalidKind: INVALID_KINDS[v % INVALID_KINDS.length]! }));

  // ---------- links ----------
  const links: LinkCounts = { total: 0, resolved: 0, redirect: 0, fixable: 0, unresolved: 0, unresolvedInGraph: 0 };
  let linksInStubs = 0;
  let rewrittenAtLeast = 0; // redirect, fixable and member links outside stubs (stubs are deleted first)
  let graphRemoved = 0; // unresolved Graph links outside stubs
  let unresolvedLeft = 0; // unresolved links outside Graph sections and stubs

  const tally = (cls: LinkClass, where: Where, on: PlannedPage, toMember = false) => {
    links.total++;
    links[cls]++;
    if (on.kind === 'stub') {
      linksInStubs++;
      return;
    }
    if (cls === 'unresolved' && where === 'graph') {
      links.unresolvedInGraph++;
      graphRemoved++;
    } else if (cls === 'unresolved') unresolvedLeft++;
    if (cls === 'redirect' || cls === 'fixable' || toMember) rewrittenAtLeast++;
  };
  const targets = topics.filter((p) => !p.twin);

  /** A spelling of `p` that only the fuzzy key finds: separators dropped or changed. */
  const fuzzyOnly = (p: PlannedPage): string | null => {
    const words = p.title.split(' ');
    const own = new Set([p.name, p.title, ...p.aliases].map(key));
    const forms = [words.join(''), words.join('_'), `${words[0]}${words.slice(1).join('-')}`].filter((f) => !own.has(key(f)));
    return forms.length ? rng.pick(forms) : null;
  };
  const nonsense = () => {
    for (;;) {
      const text = `${capital(rng.pick(NONSENSE))} ${capital(rng.pick(NONSENSE))}${rng.chance(0.4) ? ` ${capital(rng.pick(TERMS))}` : ''}`;
      if (free(text)) return text;
    }
  };
  const resolvedLink = (on: PlannedPage): string => {
    for (;;) {
      const p = rng.pick(targets);
      if (p.index === on.index) continue;
      if (p.korean) return `[[${p.name}]]`;
      if (p.twinned) return tricky && rng.chance(0.5) ? `[[${p.category}/${p.name}]]` : `[[${p.name}]]`;
      const form = rng.next();
      if (form < 0.55) return `[[${p.name}]]`;
      // By title: not for a canonical, whose members' titles have the same key (that would be ambiguous).
      if (form < 0.65 && !p.canonical) return `[[${p.title.toLowerCase()}]]`;
      if (form < 0.73 && p.aliases.length) return `[[${p.aliases[0]}]]`;
      if (form < 0.85) return `[[${p.name}|${p.title.toLowerCase()}]]`;
      if (form < 0.93) return `[[${p.name}#Key ideas]]`;
      return tricky ? `![[${p.name}]]` : `[[${p.name}.md]]`;
    }
  };
  const link = (where: Where, on: PlannedPage): string => {
    const weights: [string, number][] =
      where === 'graph'
        ? [['resolved', 0.6], ['unresolved', 0.3], ['redirect', 0.05], ['fixable', 0.05]]
        : [['resolved', 0.68], ['member', 0.05], ['redirect', 0.08], ['fixable', 0.1], ['unresolved', 0.09]];
    let roll = rng.next();
    let plan = weights.at(-1)![0];
    for (const [name, weight] of weights) {
      if (roll < weight) {
        plan = name;
        break;
      }
      roll -= weight;
    }
    if (plan === 'member') {
      const member = rng.pick(rng.pick(clusters).members);
      tally('resolved', where, on, true);
      return `[[${member.name}]]`;
    }
    if (plan === 'redirect') {
      tally('redirect', where, on);
      return `[[${rng.pick(redirects).name}]]`;
    }
    if (plan === 'fixable') {
      for (let tries = 0; tries < 20; tries++) {
        const p = rng.pick(targets);
        if (p.korean || p.canonical || p.twinned || p.index === on.index) continue;
        const spelling = fuzzyOnly(p);
        if (spelling === null || owners.get(fuzzy(spelling))?.size !== 1) continue;
        tally('fixable', where, on);
        return `[[${spelling}]]`;
      }
    }
    if (plan === 'unresolved') {
      tally('unresolved', where, on);
      return `[[${nonsense()}]]`;
    }
    tally('resolved', where, on);
    return resolvedLink(on);
  };

  // ---------- text ----------
  const SENTENCES = [
    (a: string, b: string) => `${a} 와 ${b} 는 일반화 오차를 설명할 때 함께 등장한다.`,
    (a: string, b: string) => `As ${a} increases, ${b} tends to move the train-test gap in a way one can measure.`,
    (a: string, b: string) => `${a} 를 키우면 학습 오차는 줄지만 ${b} 의 영향이 커질 수 있다.`,
    (a: string, b: string) => `Practitioners track ${a} next to ${b} on a held-out split before trusting a result.`,
    (a: string, b: string) => `The link between ${a} and ${b} holds on some datasets and fails on others.`,
    (a: string, b: string) => `${a} 은 ${b} 를 통제하는 또 하나의 방법으로 볼 수 있다.`,
  ];
  const sentence = () => rng.pick(SENTENCES)(rng.pick(TERMS), rng.pick(TERMS));
  const paragraph = (count: number, on: PlannedPage, budget: { left: number }) => {
    const out: string[] = [];
    for (let k = 0; k < count; k++) {
      let text = sentence();
      if (budget.left > 0 && rng.chance(0.5)) {
        budget.left--;
        text = text.replace(/\.$/, ` (see ${link('body', on)}).`);
      }
      out.push(text);
    }
    return out.join(' ');
  };
  // Link-shaped text that is not a link: code, comments. Counted by nobody.
  const notLinks = () => {
    const lines = ['Written in code, `[[Inline Code Link]]` is not a link.', '', '```python', 'def gap(train, test):', '    # [[Fenced Code Link]]', '    return test - train', '```', '', '<!-- [[Commented Out Link]] -->'];
    if (tricky) lines.push('', '%% [[Obsidian Comment Link]] %%', '', '    [[Indented Code Link]]');
    return lines.join('\n');
  };

  const yamlScalar = (v: string) => (/^[A-Za-z가-힣ᄀ-ᇿ][\w가-힣ᄀ-ᇿ .\-/]*$/.test(v) && !/^(null|true|false|yes|no|on|off|~)$/i.test(v) ? v : JSON.stringify(v));
  const frontMatter = (p: PlannedPage, override: Record<string, unknown> = {}) => {
    const target = p.redirectTo;
    const fields: Record<string, unknown> = {
      id: p.id,
      title: p.title,
      category: p.category,
      status: p.kind === 'redirect' ? 'redirect' : p.kind === 'member' ? rng.pick(['draft', 'review']) : p.canonical ? 'verified' : rng.pick(['draft', 'review', 'verified']),
      canonical_id: target ? target.id : 'self',
      aliases: p.aliases,
      duplicate_of: target ? target.id : 'none',
      source_trust_level: p.canonical ? 'A' : p.kind === 'member' ? rng.pick(['B', 'C']) : rng.pick(['A', 'B', 'C', 'D']),
      confidence_score: p.canonical ? 0.97 : Number((0.4 + rng.next() * 0.5).toFixed(2)),
      verification_status: rng.pick(['applied', 'pending']),
      tags: [...new Set([rng.pick(TERMS), rng.pick(TERMS)])],
      raw_sources: [],
      last_reinforced: `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      github_commit: 'pending',
      tech_stack: { language: 'TypeScript', applicable_to: [capital(rng.pick(TERMS))] },
      ...override,
    };
    const lines = ['---'];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) lines.push(`${name}: [${value.map(String).map(yamlScalar).join(', ')}]`);
      else if (typeof value === 'object' && value !== null) {
        lines.push(`${name}:`);
        for (const [inner, v] of Object.entries(value)) lines.push(`  ${inner}: ${Array.isArray(v) ? `[${v.map(String).map(yamlScalar).join(', ')}]` : yamlScalar(String(v))}`);
      } else lines.push(`${name}: ${typeof value === 'string' && !/^\d{4}-\d\d-\d\d$/.test(value) ? yamlScalar(value) : String(value)}`);
    }
    lines.push('---');
    return lines.join('\n');
  };

  const topicBody = (p: PlannedPage) => {
    const budget = { left: rng.int(5, 8) };
    const out = [`# ${p.title}`, '', '## 요약', `> ${sentence()}`, '', '## Key ideas', ''];
    for (let h = rng.int(2, 3); h > 0; h--) {
      out.push(`### ${capital(rng.pick(TERMS))} and ${rng.pick(TERMS)}`, '');
      out.push(paragraph(rng.int(3, 5), p, budget), '');
      out.push(`- **${capital(rng.pick(TERMS))}**: ${sentence()}`, `- **${capital(rng.pick(TERMS))}**: ${sentence()}`, '');
    }
    while (budget.left > 0) out.push(paragraph(2, p, budget), '');
    if (tricky && rng.chance(0.3)) out.push('| 개념 | 문서 |', '|---|---|', `| ${rng.pick(TERMS)} | ${link('body', p).replace('|', '\\|')} |`, '');
    out.push('## Example', '', rng.chance(0.3) ? notLinks() : ['```python', `def ${rng.pick(TERMS)}_score(x):`, '    return x.mean()', '```'].join('\n'), '');
    out.push('## 🔗 Graph', '');
    for (const group of ['상위', '하위', 'Related', 'See also'].slice(0, rng.int(2, 4))) {
      const items = Array.from({ length: rng.int(1, 3) }, () => link('graph', p));
      out.push(`- ${group}: ${items.join(' · ')}`);
    }
    out.push('', '## Changelog', '| 날짜 | 변경 |', '|---|---|', '| 2026-05-08 | first version |', '');
    return out.join('\n');
  };
  // Each stub links once, to a page that resolves, so deleting it takes no other class of link away.
  const stubBody = (p: PlannedPage) => {
    tally('resolved', 'body', p);
    const to = resolvedLink(p);
    const none = { left: 0 };
    if (p.stubKind === 0) return `# ${p.title}\n\n${paragraph(4, p, none)} See ${to}.\n\n${paragraph(3, p, none)}\n`;
    if (p.stubKind === 1) return `# ${p.title}\n\n## 요약\n> TODO ${to}\n`;
    return `# ${p.title}\n\n${rng.pick(STUB_MARKERS)}\n\n${paragraph(4, p, none)} ${to}\n`;
  };
  const invalidFrontMatter = (p: PlannedPage) => {
    switch (p.invalidKind!) {
      case 'no-title':
        return frontMatter(p, { title: undefined });
      case 'confidence-above-one':
        return frontMatter(p, { confidence_score: 1.35 });
      case 'impossible-date':
        return frontMatter(p, { last_reinforced: '2026-02-30' });
      case 'unknown-status':
        return frontMatter(p, { status: 'finished' });
      case 'malformed-id':
        return frontMatter(p, { id: `Note ${p.index}` });
      case 'unknown-trust':
        return frontMatter(p, { source_trust_level: 'E' });
      case 'unclosed-list':
        return frontMatter(p).replace(/^tags: \[(.*)\]$/m, 'tags: [$1, unclosed');
    }
  };

  // ---------- write ----------
  const files = new Map<string, string>();
  for (const p of pages) {
    let text: string;
    if (p.kind === 'redirect') {
      tally(p.redirectTo!.kind === 'redirect' ? 'redirect' : 'resolved', 'body', p);
      text = `${frontMatter(p)}\n# ${p.title}\n\n이 문서는 [[${p.redirectTo!.name}]] 로 옮겨졌습니다.\n`;
    } else if (p.kind === 'stub') text = `${frontMatter(p, p.stubKind === 0 ? { status: 'stub' } : {})}\n${stubBody(p)}`;
    else if (p.kind === 'invalid') text = `${invalidFrontMatter(p)}\n${topicBody(p)}`;
    else text = `${frontMatter(p)}\n${topicBody(p)}`;
    if (tricky && p.kind === 'topic' && p.index % 13 === 4) text = text.replace(/\n/g, '\r\n');
    if (tricky && p.kind === 'topic' && p.index % 19 === 6) text = `\ufeff${text}`;
    files.set(p.path, text);
  }

  // After fix: stubs and redirects are gone from the MOCs, members are redirects; every other page with
  // a front-matter that parsed is listed (the manifest leaves invalid pages out: they may or may not be).
  const mocMembers: Record<string, string[]> = {};
  for (const p of topics) (mocMembers[p.category] ??= []).push(p.name);
  for (const category of Object.keys(mocMembers)) mocMembers[category] = sorted(mocMembers[category]!);

  const manifest: Manifest = {
    seed,
    tricky,
    pages: pages.length,
    links,
    stubs: sorted(stubs.map((p) => p.path)),
    duplicates: clusters.map((c) => ({ canonical: c.canonical.path, members: sorted(c.members.map((m) => m.path)) })).sort((a, b) => byCodePoint(a.canonical, b.canonical)),
    invalidFrontMatter: sorted(invalid.map((p) => p.path)),
    redirectPages: sorted(redirects.map((p) => p.path)),
    redirectErrors: 0,
    linksInStubs,
    afterFix: {
      deleted: sorted(stubs.map((p) => p.path)),
      newRedirects: Object.fromEntries(clusters.flatMap((c) => c.members.map((m) => [m.path, c.canonical.id]))),
      links: { redirect: 0, fixable: 0, unresolvedInGraph: 0, unresolved: unresolvedLeft },
      linksRewrittenAtLeast: rewrittenAtLeast,
      graphLinksRemoved: graphRemoved,
      mocCategories: sorted(Object.keys(mocMembers)),
      mocMembers,
    },
  };
  return { files, manifest };
}

/** Writes the vault into `out` (replacing it) and its manifest beside it as `<out>.manifest.json`. */
export function writeVault(out: string, options: GenerateOptions): Manifest {
  const { files, manifest } = buildVault(options);
  rmSync(out, { recursive: true, force: true });
  for (const [path, text] of files) {
    const file = join(out, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  writeFileSync(`${out}.manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { pages: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, tricky: { type: 'boolean', default: false } } });
  if (!values.out) {
    console.error('usage: node bench/gen-vault.ts --pages N --seed S --out DIR [--tricky]');
    process.exit(2);
  }
  const out = values.out.replace(/\/+$/, '');
  const manifest = writeVault(out, { pages: Number(values.pages), seed: Number(values.seed), tricky: values.tricky });
  console.log(`wrote ${manifest.pages} pages to ${out}; manifest ${out}.manifest.json`);
  console.log(JSON.stringify({ links: manifest.links, stubs: manifest.stubs.length, clusters: manifest.duplicates.length, invalid: manifest.invalidFrontMatter.length }));
}
