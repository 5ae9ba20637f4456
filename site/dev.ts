// `kb dev [vault]`: Astro's dev server over the vault (the loaders watch it, site/lib/dev-session.ts)
// and `kb preview [--out DIR]`: Astro's static preview server of a built site.
import { resolve } from 'node:path';
import { exportOptions, siteOptions } from './lib/options.ts';

const root = resolve(import.meta.dirname, '..');

export interface ServeFlags {
  vault?: string;
  out?: string;
  profile?: 'topic' | 'obsidian';
  port?: number;
  host?: string | boolean;
}

function pin(flags: ServeFlags) {
  if (flags.vault) process.env.KB_VAULT = resolve(flags.vault);
  if (flags.out) process.env.KB_OUT = resolve(flags.out);
  if (flags.profile) process.env.KB_PROFILE = flags.profile;
  const options = siteOptions();
  exportOptions(options);
  return options;
}

export async function devServer(flags: ServeFlags): Promise<void> {
  const options = pin(flags);
  const { dev } = await import('astro');
  const server = await dev({ root, server: { port: flags.port ?? 4321, host: flags.host ?? false } });
  console.log(`kb dev: serving ${options.vaultDir} at http://${typeof flags.host === 'string' ? flags.host : 'localhost'}:${server.address.port}${options.base}; saving a note updates the open page`);
}

export async function previewServer(flags: ServeFlags): Promise<void> {
  const options = pin(flags);
  const { preview } = await import('astro');
  const server = await preview({ root, server: { port: flags.port ?? 4321, host: flags.host ?? false } });
  console.log(`kb preview: serving ${options.outDir} at http://${typeof flags.host === 'string' ? flags.host : 'localhost'}:${server.port}${options.base}`);
}
