// `kb fix` and `kb moc`: plan the clean-up, show it as a diff, and write it only with --write.
import type { Command } from 'commander';
import pc from 'picocolors';
import type { Profile } from '../../schemas/profiles.ts';
import { defaultFixSteps, FIX_STEPS, type FixStep } from '../../vault/fix/steps.ts';
import type { FileChange, FixSummary, Vault, VaultPath } from '../../vault/index.ts';
import { loadSettings, type VaultSettings } from '../../vault/settings.ts';
import { profileOption } from './check.ts';

interface FixOptions {
  write?: boolean;
  only?: string;
  json?: boolean;
  profile?: Profile;
  cache: boolean;
  diff: boolean;
}

export function register(program: Command) {
  const common = (command: Command) =>
    command
      .argument('[dir]', 'vault folder', 'content')
      .option('--write', 'apply the changes (atomic writes; deleted pages go to .trash/)')
      .option('--json', 'print the summary as JSON on stdout')
      .option('--no-diff', 'do not print the diff of a dry run')
      .addOption(profileOption())
      .option('--no-cache', 'ignore and do not refresh the parse cache');
  common(
    program
      .command('fix')
      .description('delete stubs, merge duplicates into redirects, rewrite links, prune Graph sections, regenerate MOCs (dry run unless --write; exit 1 when changes are pending, 2 when they cannot be made safely)')
      .option('--only <steps>', `comma-separated steps: ${FIX_STEPS.join(',')} (default: the config's fix.steps, else all under topic and stubs,duplicates,links under obsidian)`),
  ).action((dir: string, opts: FixOptions) => run(dir, opts, (settings) => parseSteps(opts.only) ?? defaultFixSteps(settings.profile, settings.config)));
  common(program.command('moc').description('regenerate one MOC per category (dry run unless --write; exit 1 when changes are pending)')).action((dir: string, opts: FixOptions) => run(dir, opts, () => ['moc']));
}

function parseSteps(only: string | undefined): FixStep[] | null {
  if (!only) return null;
  const steps = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = steps.filter((s) => !(FIX_STEPS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown step(s) ${unknown.join(', ')}; expected some of ${FIX_STEPS.join(',')}`);
  return steps as FixStep[];
}

async function run(dir: string, opts: FixOptions, stepsFor: (settings: VaultSettings) => FixStep[]) {
  const settings = await loadSettings(dir, opts.profile);
  const steps = stepsFor(settings);
  // The engine loads only when a command runs, so `kb --help` and the other commands start quickly.
  const [{ applyChanges, ApplyConflictError, loadVault, planFix, preflightChanges, renderDiff, statVault, toVFiles }, { deletionsParsedDifferently }, { reporter }, { progressReporter }] = await Promise.all([
    import('../../vault/index.ts'),
    import('../../vault/fix/verify.ts'),
    import('vfile-reporter'),
    import('../output.ts'),
  ]);
  const profile = settings.profile;
  const stat = await statVault(dir, profile, settings);
  const load = async (cache: boolean) => {
    const progress = progressReporter('parsing');
    const loaded = await loadVault(dir, { settings, cache, onProgress: progress.update, stat });
    progress.stop();
    return loaded;
  };
  let vault = await load(opts.cache);
  if (!opts.json) process.stderr.write(`profile ${settings.profile} (${settings.reason}); steps ${steps.join(', ')}\n`);
  if (vault.pages.size === 0) process.stderr.write(`kb: no Markdown files found in ${dir}\n`);
  const misfit = settings.reason === 'default' ? topicMisfit(vault) : null;
  if (misfit !== null) {
    if (opts.write) throw new Error(`refusing to write: ${misfit}`);
    process.stderr.write(`${pc.yellow(`warning: ${misfit}`)}\n`);
  }
  let plan = planFix(vault, steps);
  if (opts.cache && deletionsParsedDifferently(vault, plan.changes, stat.limits).length > 0) {
    // The parse cache disagrees with a page it would trash: it is not trusted for this run.
    process.stderr.write(pc.yellow('kb: the parse cache disagrees with the notes on disk; every page is parsed again\n'));
    vault = await load(false);
    plan = planFix(vault, steps);
  }
  if (plan.diagnostics.length > 0) process.stderr.write(`${reporter(toVFiles(plan.diagnostics, vault.dir), { quiet: true })}\n`);
  // Every planned change is checked against the disk before anything is written (vault/write.ts):
  // a conflict stops a write with exit 2 and nothing changed, and a dry run reports it the same way.
  const apply = { diskPath: (p: VaultPath) => vault.diskPath(p), expectedText: (p: VaultPath) => (vault.pages.has(p) ? vault.text(p) : undefined) };
  if (opts.write) {
    await applyChanges(vault.dir, plan.changes, apply);
  } else {
    const { conflicts } = await preflightChanges(vault.dir, plan.changes, apply);
    if (conflicts.length > 0) throw new ApplyConflictError(conflicts);
    if (opts.diff && !opts.json && plan.changes.length > 0) process.stdout.write(renderDiff(plan.changes, (p) => vault.text(p), process.stdout.isTTY === true));
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ written: Boolean(opts.write), ...plan.summary, diagnostics: plan.diagnostics }, null, 2)}\n`);
  else process.stderr.write(`${describe(plan.summary, plan.changes, vault, Boolean(opts.write))}\n`);
  process.exitCode = !opts.write && plan.changes.length > 0 ? 1 : 0;
}

function describe(s: FixSummary, changes: FileChange[], vault: Vault, written: boolean): string {
  if (changes.length === 0) return pc.green(`nothing to fix in ${vault.pages.size} pages`);
  const r = s.linksRewritten;
  const rewritten = r.redirect + r.fixable + r.title + r.alias;
  const created = s.mocs.filter((m) => m.created).length;
  const lines = [
    `${s.deleted.length} stub pages deleted (to .trash/)`,
    `${s.redirectsCreated.length} duplicates turned into redirects (${s.aliasesAdded} aliases added to canonicals)`,
    `${rewritten} links rewritten (${r.redirect} via redirects, ${r.fixable} near-miss names, ${r.title} by title, ${r.alias} by alias)`,
    `${s.graphLinksRemoved} unresolved links removed from Graph sections`,
    `${s.mocs.length} MOCs written (${created} new)`,
  ];
  const verb = written ? pc.green(`wrote ${s.filesChanged} files`) : pc.yellow(`${s.filesChanged} files would change; run with --write to apply`);
  return `${lines.join('\n')}\n${verb}`;
}

/**
 * Under `topic`, a vault where most notes fail the topic schema is not a vault of topic pages (an
 * Obsidian vault checked without its profile): fixing it by the topic rules would trash every short
 * note. Only when the profile was chosen by default: `--profile topic` or a config saying so is the
 * owner's word. Null when the vault looks like what the profile expects.
 */
function topicMisfit(vault: Vault): string | null {
  if (vault.profile !== 'topic' || vault.pages.size === 0) return null;
  let invalid = 0;
  for (const page of vault.pages.values()) if (!page.valid) invalid++;
  if (invalid * 2 <= vault.pages.size) return null;
  return `${invalid} of ${vault.pages.size} notes fail the topic schema, so this does not look like a vault of topic pages; for an Obsidian vault run with --profile obsidian (or set "profile": "obsidian" in ${vault.dir}/kb.config.json); --profile topic fixes it as topic pages all the same`;
}
