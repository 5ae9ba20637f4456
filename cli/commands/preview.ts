// `kb preview`: serve the site `kb build` wrote, as it will be published (site/dev.ts).
import type { Command } from 'commander';
import { astroEnvironment, requireSiteProject } from '../site-project.ts';
import { hostOption, portOption } from './dev.ts';

export function register(program: Command) {
  program
    .command('preview')
    .description('serve the built site (kb build) locally')
    .option('--out <dir>', 'the built site (default: $KB_OUT, else dist)')
    .addOption(portOption())
    .addOption(hostOption())
    .action(async (opts: { out?: string; port: number; host?: string | boolean }) => {
      requireSiteProject('preview');
      astroEnvironment();
      const { previewServer } = await import('../../site/dev.ts');
      await previewServer({ out: opts.out, port: opts.port, host: opts.host });
    });
}
