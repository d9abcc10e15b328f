import { ConfigError, loadConfig } from '@clinic-edge/gateway';
import { Command } from 'commander';
import { CliError, EXIT_BAD_INPUT } from '../lib/errors.js';

interface CheckOptions {
  json?: boolean;
}

/**
 * `clinic-edge config check FILE`: every problem in a gateway configuration at once, each with the key,
 * what is there, why it is wrong and what to write instead. Exit 0 when the daemon would start with it,
 * 2 otherwise. The checks are the daemon's own (loadConfig), files and variables it names included.
 */
export function configCommand(): Command {
  const config = new Command('config').description('gateway configuration tools');
  config
    .command('check')
    .description('check a gateway configuration: every problem with its key and what to write instead')
    .argument('<file>', 'the configuration file (JSON)')
    .option('--json', 'print the problems as JSON')
    .action((file: string, opts: CheckOptions) => {
      try {
        const c = loadConfig(file);
        if (opts.json) process.stdout.write(`${JSON.stringify({ file, ok: true, problems: [] })}\n`);
        else process.stdout.write(`${file}: OK. Site ${c.siteId}, ${c.devices.length} device${c.devices.length === 1 ? '' : 's'} (${c.devices.map((d) => d.id).join(', ')}), hub ${c.hub.url}, outbox ${c.store.path}.\n`);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ file, ok: false, problems: err.problems })}\n`);
          throw new CliError(`${err.problems.length} problem(s) in ${file}`, EXIT_BAD_INPUT);
        }
        const n = err.problems.length;
        const lines = [`${file}: ${n} problem${n === 1 ? '' : 's'}; the gateway will not start until ${n === 1 ? 'it is' : 'all are'} fixed:`, ''];
        err.problems.forEach((p, i) => {
          lines.push(`${i + 1}. ${p.pointer === '' ? '(the whole file)' : keyName(p.pointer)}`);
          lines.push(`   found:  ${p.value === undefined ? '(missing)' : JSON.stringify(p.value)}`);
          lines.push(`   why:    ${p.why}`);
          lines.push(`   write:  ${p.fix}`);
        });
        lines.push('', 'After editing, run this check again.');
        process.stdout.write(`${lines.join('\n')}\n`);
        // The summary goes to stderr as every failing command does; the list above is on stdout for a pager.
        throw new CliError(`${file} has ${n} problem${n === 1 ? '' : 's'} (listed above)`, EXIT_BAD_INPUT);
      }
    });
  return config;
}

/** "/devices/0/baud" -> "devices[0].baud", the way the key reads in the file. */
export function keyName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, k) => (/^\d+$/.test(k) ? `${acc}[${k}]` : acc ? `${acc}.${k}` : k), '');
}

