// The thin `kb` command: each subcommand lives in cli/commands/<name>.ts and only parses options,
// calls the engine and prints.
import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { register as registerCheck } from './commands/check.ts';
import { register as registerFix } from './commands/fix.ts';
import { register as registerRun } from './commands/run.ts';
import { register as registerBuild } from './commands/build.ts';
import { register as registerDev } from './commands/dev.ts';
import { register as registerPreview } from './commands/preview.ts';

// kb's package.json is one folder up from cli/ in the sources and two from lib/cli/ once compiled.
const manifest = [new URL('../package.json', import.meta.url), new URL('../../package.json', import.meta.url)].find((url) => existsSync(url))!;
const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };

const program = new Command('kb')
  .description('Knowledge-base wiki generator: vault maintenance, executable examples, static site')
  .version(version)
  .showHelpAfterError('(kb <command> --help shows the options)')
  .enablePositionalOptions()
  // Commander exits 1 on a usage error by default, which reads as "the vault has errors": it throws
  // instead (subcommands inherit this), and the catch below exits 2.
  .exitOverride();

registerCheck(program);
registerFix(program);
registerRun(program);
registerBuild(program);
registerDev(program);
registerPreview(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander printed the message (and the help) already; --help and --version are not errors.
    const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' || error.exitCode === 0;
    process.exitCode = ok ? 0 : 2;
  } else {
    // A usage or I/O problem is a message for the user, not a stack trace; exit 2 keeps it apart
    // from "the vault has errors" (1).
    process.stderr.write(`kb: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.KB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  }
}
