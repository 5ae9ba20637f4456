// Loads the vault once per build through the engine and derives the site model from it; every
// collection loader shares this one result, so a build resolves the vault exactly once.
import { reporter } from 'vfile-reporter';
import { loadVault, toVFiles, type Vault } from '../../vault/index.ts';
import { buildModel, type SiteModel } from './model.ts';
import type { Diagnostic } from '../../vault/types.ts';
import type { SiteOptions } from './options.ts';

export interface SiteData {
  options: SiteOptions;
  vault: Vault;
  model: SiteModel;
  /** What the build reports: the errors of pages left out and the site's own reasons for leaving pages out. */
  report: Diagnostic[];
  loadMs: number;
}

const cache = new Map<string, Promise<SiteData>>();

export function getSiteData(options: SiteOptions, base: string): Promise<SiteData> {
  const key = `${options.vaultDir}\0${base}`;
  let data = cache.get(key);
  if (!data) {
    data = load(options, base);
    cache.set(key, data);
  }
  return data;
}

async function load(options: SiteOptions, base: string): Promise<SiteData> {
  const t0 = performance.now();
  const vault = await loadVault(options.vaultDir, { profile: 'topic' });
  const model = buildModel(vault, base);
  const left = new Set(model.excluded.map((d) => d.file));
  const report = [...vault.diagnostics.filter((d) => d.severity === 'error' && (left.has(d.file) || /^redirect-/.test(d.rule))), ...model.excluded];
  return { options, vault, model, report, loadMs: performance.now() - t0 };
}

/** The same file:line:col lines `kb check` prints (vfile-reporter over the engine's diagnostics). */
export function formatReport(diagnostics: Diagnostic[], vaultDir: string): string {
  if (diagnostics.length === 0) return '';
  return reporter(toVFiles(diagnostics, vaultDir), { quiet: true });
}
