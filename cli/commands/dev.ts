// `kb dev`: Astro's dev server over a vault; saving a note updates the open page (site/dev.ts).
import { Option, type Command } from 'commander';
import { PROFILES } from '../../schemas/profiles.ts';
import { astroEnvironment, requireSiteProject } from '../site-project.ts';

export const portOption = () => new Option('--port <port>', 'port to listen on').default(4321).argParser((v) => {
  const port = Number(v);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${v}`);
  return port;
});
export const hostOption = () => new Option('--host [host]', 'listen on all addresses, or on this one (default: localhost only)');

export function register(program: Command) {
  program
    .command('dev')
    .description('serve a vault as the site while you edit it: a saved note shows in the open browser page; a front-matter error shows as an overlay')
    .argument('[dir]', 'vault folder (default: $KB_VAULT, else content)')
    .addOption(new Option('--profile <profile>', 'front-matter profile (default: kb.config.json, else obsidian when the vault has .obsidian/, else topic)').choices(PROFILES))
    .addOption(portOption())
    .addOption(hostOption())
    .action(async (dir: string | undefined, opts: { profile?: 'topic' | 'obsidian'; port: number; host?: string | boolean }) => {
      requireSiteProject('dev');
      astroEnvironment();
      const { devServer } = await import('../../site/dev.ts');
      await devServer({ vault: dir, profile: opts.profile, port: opts.port, host: opts.host });
    });
}
