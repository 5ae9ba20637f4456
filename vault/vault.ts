// The vault as one graph: pages, attachments, resolved links, backlinks, redirects, stubs and
// duplicates, computed by pure functions from parsed pages. The CLI, fixes and the site all read this.
import type { Profile } from '../schemas/index.ts';
import { duplicateDiagnostics, linkDiagnostics, sortDiagnostics, stubDiagnostic } from './diagnostics.ts';
import { invalidFrontMatterOf } from './check.ts';
import { duplicateClusters, type Cluster } from './duplicates.ts';
import { defaultFixSteps } from './fix/steps.ts';
import { LineIndex } from './lines.ts';
import { classifyLinks } from './links.ts';
import { byCodePoint, type VaultPath } from './paths.ts';
import { buildRedirects, type Redirects } from './redirects.ts';
import { Resolver } from './resolve.ts';
import { applyRuleLevels, defaultSettings, inTemplateFolder, type VaultSettings } from './settings.ts';
import { stubFate, stubReason } from './stubs.ts';
import { templatePage } from './templates.ts';
import type { Diagnostic, Page, Resolution, ResolvedLink } from './types.ts';

export interface VaultInput {
  dir: string;
  profile: Profile;
  /** The vault's config and templates folders (`loadSettings`); none when omitted. */
  settings?: VaultSettings;
  pages: Page[];
  attachments: VaultPath[];
  /** The text each page was parsed from (link and key offsets index it). */
  texts: { get(path: VaultPath): string | undefined };
  /**
   * The duplicate clusters, when the caller already knows them: the incremental check takes them from
   * its snapshot (its pages are skeletons, and it has made sure no edited page is in or near a cluster).
   */
  duplicates?: Cluster[];
  /**
   * The resolver, when the caller built it already from these pages' names, titles and aliases (the
   * incremental check builds it from its snapshot while the edited pages are parsed).
   */
  resolver?: Resolver;
  /** Vault path → path as stored on disk (macOS may store names as NFD). */
  diskPaths?: Map<VaultPath, string>;
  /** How the pages were obtained: parsed now, or reused from the cache. */
  stats?: LoadStats;
  /** The on-disk state the vault was loaded from (see `statVault`), when loaded from disk. */
  signature?: string;
  /** Problems of the vault as a whole, found before any page is read (file names: see files.ts). */
  diagnostics?: Diagnostic[];
}

export interface LoadStats {
  parsed: number;
  reused: number;
}

export class Vault {
  readonly dir: string;
  readonly profile: Profile;
  readonly settings: VaultSettings;
  readonly pages: Map<VaultPath, Page>;
  readonly attachments: VaultPath[];
  readonly resolver: Resolver;
  readonly redirects: Redirects;
  readonly links: ResolvedLink[];
  readonly stubs: Map<VaultPath, string>;
  readonly duplicates: Cluster[];
  readonly diagnostics: Diagnostic[];
  readonly stats: LoadStats;
  readonly signature: string | null;
  readonly #texts: VaultInput['texts'];
  readonly #diskPaths: Map<VaultPath, string>;
  readonly #lineIndexes = new Map<VaultPath, LineIndex>();
  readonly #outlinks = new Map<VaultPath, ResolvedLink[]>();
  readonly #backlinks = new Map<VaultPath, ResolvedLink[]>();

  constructor(input: VaultInput) {
    this.dir = input.dir;
    this.profile = input.profile;
    this.#texts = input.texts;
    this.#diskPaths = input.diskPaths ?? new Map();
    this.stats = input.stats ?? { parsed: input.pages.length, reused: 0 };
    this.signature = input.signature ?? null;
    this.settings = input.settings ?? defaultSettings(input.profile);
    const templates = this.settings.templateFolders;
    const isTemplate = (path: VaultPath) => templates.length > 0 && inTemplateFolder(path, templates);
    // A template is read as what it is: placeholders are not links, and it is never a stub or a duplicate (spec §5).
    const sorted = input.pages.map((p) => (isTemplate(p.path) ? templatePage(p) : p)).sort((a, b) => byCodePoint(a.path, b.path));
    this.pages = new Map(sorted.map((p) => [p.path, p]));
    this.attachments = [...input.attachments].sort(byCodePoint);
    this.resolver = input.resolver ?? new Resolver(this.pages.values(), this.attachments);
    this.redirects = buildRedirects(this.pages, (path) => this.lineIndex(path), (path) => this.text(path));

    this.links = [];
    for (const page of this.pages.values()) {
      const links = classifyLinks(page, this.pages, this.resolver, this.redirects);
      this.#outlinks.set(page.path, links);
      this.links.push(...links);
      for (const link of links) {
        if (link.resolution.path === null || link.resolution.attachment) continue;
        const list = this.#backlinks.get(link.resolution.path);
        if (list) list.push(link);
        else this.#backlinks.set(link.resolution.path, [link]);
      }
    }

    this.stubs = new Map();
    for (const page of this.pages.values()) {
      const reason = isTemplate(page.path) ? null : stubReason(page, this.profile);
      if (reason !== null) this.stubs.set(page.path, reason);
    }
    this.duplicates = input.duplicates ?? duplicateClusters([...this.pages.values()].filter((p) => p.kind === 'topic' && !this.stubs.has(p.path) && !p.binary && !isTemplate(p.path)));

    const diagnostics: Diagnostic[] = [...this.settings.configDiagnostics, ...(input.diagnostics ?? [])];
    for (const page of this.pages.values()) diagnostics.push(...page.diagnostics);
    diagnostics.push(...this.redirects.diagnostics);
    const prunesGraph = defaultFixSteps(this.profile, this.settings.config).includes('graph');
    for (const link of this.links) diagnostics.push(...linkDiagnostics(link, prunesGraph));
    for (const [path, reason] of this.stubs) diagnostics.push(stubDiagnostic(this.pages.get(path)!, reason, stubFate(this.pages.get(path)!, this.profile)));
    for (const cluster of this.duplicates) diagnostics.push(...duplicateDiagnostics(cluster));
    this.diagnostics = sortDiagnostics(applyRuleLevels(diagnostics, this.settings.config.rules));
  }

  /** The text a page was parsed from. */
  text(path: VaultPath): string {
    const text = this.#texts.get(path);
    if (text === undefined) throw new Error(`no page ${path} in the vault`);
    return text;
  }

  /** The file's path relative to the vault as stored on disk (what edits must write to). */
  diskPath(path: VaultPath): string {
    return this.#diskPaths.get(path) ?? path;
  }

  lineIndex(path: VaultPath): LineIndex {
    let index = this.#lineIndexes.get(path);
    if (!index) {
      index = new LineIndex(this.text(path));
      this.#lineIndexes.set(path, index);
    }
    return index;
  }

  outlinks(path: VaultPath): ResolvedLink[] {
    return this.#outlinks.get(path) ?? [];
  }

  /** Links from other pages (and the page itself) that resolve to `path`, redirect pages included. */
  backlinks(path: VaultPath): ResolvedLink[] {
    return this.#backlinks.get(path) ?? [];
  }

  resolve(target: string, from: VaultPath): Resolution {
    return this.resolver.resolve(target, from);
  }

  /** Follows redirect chains; a non-redirect page is its own final target. Null for a broken chain. */
  finalTarget(path: VaultPath): VaultPath | null {
    return this.pages.has(path) ? this.redirects.finalTarget(path) : null;
  }

  /** Pages whose front-matter failed: malformed YAML, schema violations, duplicate ids. */
  get invalidFrontMatter(): VaultPath[] {
    return invalidFrontMatterOf(this.diagnostics);
  }
}
