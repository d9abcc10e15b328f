import { ConfigError, loadConfig, Outbox, STREAMS, type OutboxStats } from '@clinic-edge/gateway';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { formatTable } from '../../bench/lib/table.js';
import { CliError } from '../lib/errors.js';

interface QueueOptions {
  db?: string;
  config?: string;
  json?: boolean;
}

/** `clinic-edge queue`: what waits in the outbox, for a technician (or --json for scripts). */
export function queueCommand(): Command {
  return new Command('queue')
    .description('what waits in the outbox: by priority and stream, oldest age, bytes, evictions, dead letters')
    .option('--db <file>', 'the outbox database (default: store.path of --config)')
    .option('--config <file>', 'the gateway configuration, to find the outbox')
    .option('--json', 'print the statistics as JSON')
    .action((opts: QueueOptions) => {
      const db = opts.db ?? (opts.config ? storePath(opts.config) : undefined);
      if (!db) throw new CliError('say which outbox: --db FILE, or --config FILE to take store.path from the configuration');
      // Never create an empty outbox by looking at a mistyped path.
      if (!existsSync(db)) throw new CliError(`no outbox at ${db}: check the path (store.path in the configuration)`);
      const outbox = new Outbox({ path: db });
      let stats: OutboxStats;
      try {
        stats = outbox.stats();
      } finally {
        outbox.close();
      }
      process.stdout.write(opts.json ? `${JSON.stringify({ db, ...stats }, null, 2)}\n` : `${formatQueue(db, stats)}\n`);
    });
}

function storePath(file: string): string {
  try {
    return loadConfig(file).store.path;
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

export function formatQueue(db: string, s: OutboxStats): string {
  const rows = STREAMS.map((k) => {
    const x = s.byStream[k];
    return [k, String(x.priority), String(x.messages), bytes(x.bytes), age(x.oldestAgeMs), String(x.evicted), bytes(x.evictedBytes)];
  }).sort((a, b) => Number(a[1]) - Number(b[1]));
  const lines = [
    `outbox ${db}`,
    formatTable(['stream', 'priority', 'waiting', 'bytes', 'oldest', 'evicted', 'evicted bytes'], rows),
    '',
    `total: ${s.messages} messages, ${bytes(s.bytes)} of ${bytes(s.maxBytes)}; oldest ${age(Math.max(...STREAMS.map((k) => s.byStream[k].oldestAgeMs ?? -1)))}`,
    `evicted: ${s.evicted}; dead letters: ${s.deadLetters} now (${s.deadLettered} ever)`,
  ];
  if (s.overBytes) lines.push(`WARNING: only alerts are left and they exceed maxBytes (${s.overflowEvents} times): the hub has not been reached for a long time`);
  return lines.join('\n');
}

function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}

function age(ms: number | null): string {
  if (ms === null || ms < 0) return '-';
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}
