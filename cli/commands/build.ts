// `kb build`, `kb dev`, `kb preview`: the static site of a vault. Options only; the work is in
// site/build.ts (the build), site/dev.ts (Astro's dev server over the vault) and Astro's preview.
import type { Command } from 'commander';
import { Option } from 'commander';
import { PROFILES } from '../../schemas/profiles.ts';
import { astroEnvironment, requireSiteProject } from '../site-project.ts';

const profileOption = () => new Option('--profile <profile>', 'front-matter profile (default: kb.config.json, else obsidian when the vault has .obsidian/, else topic)').choices(PROFILES);

export function register(program: Command) {
  program
    .command('build')
    .description('build the static site of a vault: pages, redirects, attachments, search index, sitemap and feed; incremental after the first build')
    .argument('[dir]', 'vault folder (default: $KB_VAULT, else content)')
    .addOption(profileOption())
    .option('--out <dir>', 'where the site is written (default: $KB_OUT, else dist)')
    .option('--strict', 'fail on any page left out, any front-matter error or any unverified code output')
    .option('--no-search', 'skip the Pagefind search index')
    .option('--no-verify', 'skip `kb run --check` of the code outputs')
    .option('--full', 'build every route again instead of only what changed')
    .action(async (dir: string | undefined, opts: { profile?: 'topic' | 'obsidian'; out?: string; strict?: boolean; search: boolean; verify: boolean; full?: boolean }) => {
      requireSiteProject('build');
      astroEnvironment();
      // Started first: the planner thread loads its modules while this one loads the build's.
      const planner = opts.full ? null : (await import('../../site/lib/planner-thread.ts')).startPlanner();
      const { buildSite } = await import('../../site/build.ts');
      await buildSite({ vault: dir, out: opts.out, profile: opts.profile, strict: opts.strict, search: opts.search, verify: opts.verify, full: opts.full }, planner);
    });
}
