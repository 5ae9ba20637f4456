// Redirect pages (duplicate_of = another page's id) and their chains: spec §3, last bullet.
import { keySpansOf } from './frontmatter-keys.ts';
import type { LineIndex } from './lines.ts';
import type { VaultPath } from './paths.ts';
import type { Diagnostic, Page } from './types.ts';

export interface Redirects {
  /** Pages by front-matter id; more than one path means a duplicate id. */
  byId: Map<string, VaultPath[]>;
  /** The first non-redirect page a redirect chain reaches (a non-redirect page itself), or null for a cycle or a dangling id. */
  finalTarget(path: VaultPath): VaultPath | null;
  /** Redirect pages whose chain is broken. */
  broken: Set<VaultPath>;
  diagnostics: Diagnostic[];
}

export function idOf(page: Page): string | null {
  const id = page.frontMatter.data?.id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

export function buildRedirects(pages: Map<VaultPath, Page>, lineIndexOf: (path: VaultPath) => LineIndex, textOf: (path: VaultPath) => string): Redirects {
  const byId = new Map<string, VaultPath[]>();
  for (const page of pages.values()) {
    const id = idOf(page);
    if (id === null) continue;
    const list = byId.get(id);
    if (list) list.push(page.path);
    else byId.set(id, [page.path]);
  }
  const diagnostics: Diagnostic[] = [];
  const at = (page: Page, keyName: string) => {
    const span = keySpansOf(textOf(page.path), page.frontMatter).find((k) => k.key === keyName);
    return span ? { line: span.line, column: span.column } : lineIndexOf(page.path).point(page.frontMatter.start);
  };
  for (const [id, paths] of byId) {
    if (paths.length < 2) continue;
    for (const path of paths) {
      const others = paths.filter((p) => p !== path).join(', ');
      diagnostics.push({ file: path, ...at(pages.get(path)!, 'id'), severity: 'error', rule: 'frontmatter-duplicate-id', message: `id \`${id}\` is also used by ${others}` });
    }
  }

  const memo = new Map<VaultPath, VaultPath | null>();
  const broken = new Set<VaultPath>();
  const step = (page: Page): VaultPath | null => {
    const targetId = page.frontMatter.data?.duplicate_of;
    const targets = typeof targetId === 'string' ? byId.get(targetId) : undefined;
    return targets && targets.length > 0 ? [...targets].sort()[0]! : null;
  };
  const finalTarget = (start: VaultPath): VaultPath | null => {
    if (memo.has(start)) return memo.get(start)!;
    const chain: VaultPath[] = [];
    let current: VaultPath | null = start;
    let result: VaultPath | null = null;
    while (current !== null) {
      const page = pages.get(current)!;
      if (page.kind !== 'redirect') {
        result = current;
        break;
      }
      if (memo.has(current)) {
        result = memo.get(current)!;
        break;
      }
      if (chain.includes(current)) break; // a cycle: result stays null
      chain.push(current);
      current = step(page);
    }
    for (const p of chain) memo.set(p, result);
    return result;
  };

  for (const page of pages.values()) {
    if (page.kind !== 'redirect') continue;
    if (finalTarget(page.path) !== null) continue;
    broken.add(page.path);
    const target = page.frontMatter.data?.duplicate_of;
    const dangling = step(page) === null;
    diagnostics.push({
      file: page.path,
      ...at(page, 'duplicate_of'),
      severity: 'error',
      rule: dangling ? 'redirect-missing-target' : 'redirect-cycle',
      message: dangling ? `duplicate_of \`${String(target)}\` names no page of the vault` : `redirect chain from this page loops back on itself (duplicate_of \`${String(target)}\`)`,
    });
  }
  return { byId, finalTarget, broken, diagnostics };
}
