// Loads the vault once per build through the engine and derives the site model from it: in
// site/build.ts for a full build, on the planner's thread for an incremental one. A plain
// `astro build` loads it in the loaders, which Astro runs in its own module graph of the same
// process, so the cache is process-wide.
import { reporter } from 'vfile-reporter';
import { loadVault, toVFiles, type Vault } from '../../vault/index.ts';
import type { VaultPath } from '../../vault/paths.ts';
import { buildModel, type SiteModel } from './model.ts';
import { computePageInputs, type PageInputs } from './page-inputs.ts';
import { RENDER_CODE, sourceDigest } from './source-digest.ts';
import type { Diagnostic } from '../../vault/types.ts';
import type { SiteOptions } from './options.ts';
import { chooseProfile, loadConfig, type ProfileChoice } from '../../vault/config.ts';
import type { VaultConfig } from '../../schemas/config.ts';
import { publishRules, type PublishRules } from './publish.ts';

export interface SiteData {
  options: SiteOptions;
  setup: VaultSetup;
  vault: Vault;
  model: SiteModel;
  /** Per built page: its link views, neighbours, backlinks and digests. */
  inputs: Map<VaultPath, PageInputs>;
  /** What the build reports: the errors of pages left out and the site's own reasons for leaving pages out. */
  report: Diagnostic[];
  loadMs: number;
  /** Values derived from the model once per build (summary-data.ts), shared by build.ts and the loaders. */
  memo: Map<string, unknown>;
}

export function memo<T>(site: SiteData, key: string, compute: () => T): T {
  if (!site.memo.has(key)) site.memo.set(key, compute());
  return site.memo.get(key) as T;
}

// On globalThis, not in this module: Astro imports its own copy of this module through Vite.
const CACHE = Symbol.for('kb.site.data');
const cache: Map<string, Promise<SiteData>> = ((globalThis as Record<symbol, unknown>)[CACHE] ??= new Map()) as Map<string, Promise<SiteData>>;

export function getSiteData(options: SiteOptions): Promise<SiteData> {
  const key = `${options.vaultDir}\0${options.base}`;
  let data = cache.get(key);
  if (!data) {
    data = load(options);
    cache.set(key, data);
  }
  return data;
}

/** The vault's config and the profile it is built under, as `kb check` decides them (spec §10). */
export interface VaultSetup {
  config: VaultConfig;
  profile: ProfileChoice;
  publish: PublishRules;
  /** Problems of kb.config.json itself (the build then runs on kb's defaults). */
  diagnostics: Diagnostic[];
}

export async function vaultSetup(options: SiteOptions): Promise<VaultSetup> {
  const loaded = await loadConfig(options.vaultDir);
  const profile = await chooseProfile(options.vaultDir, options.profile, loaded.config);
  return { config: loaded.config, profile, publish: await publishRules(options.vaultDir, loaded.config), diagnostics: loaded.diagnostics };
}

async function load(options: SiteOptions): Promise<SiteData> {
  const t0 = performance.now();
  const setup = await vaultSetup(options);
  const profile = setup.profile.profile;
  const vault = await loadVault(options.vaultDir, { profile });
  const model = buildModel(vault, { base: options.base, profile, publish: setup.publish });
  const inputs = computePageInputs(vault, model, sourceDigest(RENDER_CODE));
  const left = new Set(model.excluded.map((d) => d.file));
  // Under obsidian a note with broken front-matter is still published; its problems are warnings of the build.
  const shown = (d: Diagnostic) => !model.unpublished.has(d.file) && (left.has(d.file) || /^redirect-/.test(d.rule) || (profile === 'obsidian' && /^(frontmatter|yaml|schema|encoding|unreadable)/.test(d.rule)));
  const report = [
    ...setup.diagnostics,
    ...vault.diagnostics.filter((d) => d.severity === 'error' && shown(d)).map((d) => (left.has(d.file) ? d : { ...d, severity: 'warning' as const })),
    ...model.excluded,
  ];
  return { options, setup, vault, model, inputs, report, loadMs: performance.now() - t0, memo: new Map() };
}

/** The vault's problems a build reports before building: formatted as `kb check` prints them, and how many are errors. */
export interface Report {
  /** kb check's diagnostics of the pages left out, formatted; empty when there are none. */
  text: string;
  errors: number;
}

export function siteReport(site: SiteData): Report {
  return { text: formatReport(site.report, site.vault.dir), errors: site.report.filter((d) => d.severity === 'error').length };
}

/** The same file:line:col lines `kb check` prints (vfile-reporter over the engine's diagnostics). */
export function formatReport(diagnostics: Diagnostic[], vaultDir: string): string {
  if (diagnostics.length === 0) return '';
  return reporter(toVFiles(diagnostics, vaultDir), { quiet: true });
}
