import { ConfigError, loadConfig, Outbox, processAlive, readStatusFile, statusPathFor, STREAMS, type DeadLetter, type OutboxStats } from '@clinic-edge/gateway';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { formatTable } from '../../bench/lib/table.js';
import { CliError } from '../lib/errors.js';

interface QueueOptions {
  db?: string;
  config?: string;
  json?: boolean;
  dead?: boolean;
  requeueDead?: boolean;
  id?: string[];
}

/** `clinic-edge queue`: what waits in the outbox, for a technician (or --json for scripts). */
export function queueCommand(): Command {
  return new Command('queue')
    .description('what waits in the outbox: by priority and stream, oldest age, bytes, evictions, dead letters')
    .option('--db <file>', 'the outbox database (default: store.path of --config)')
    .option('--config <file>', 'the gateway configuration, to find the outbox')
    .option('--json', 'print the statistics as JSON')
    .option('--dead', 'also list the dead letters (newest first, up to 100): id, stream, age, attempts, reason')
    .option('--requeue-dead', 'put the dead letters back in the queue (after fixing the hub: ACL, packet limit); a running daemon does it itself, at once')
    .option('--id <id...>', 'with --requeue-dead: only these message ids (site/device/stream/seq)')
    .action(async (opts: QueueOptions) => {
      const db = opts.db ?? (opts.config ? storePath(opts.config) : undefined);
      if (!db) throw new CliError('say which outbox: --db FILE, or --config FILE to take store.path from the configuration');
      // Never create an empty outbox by looking at a mistyped path.
      if (!existsSync(db)) throw new CliError(`no outbox at ${db}: check the path (store.path in the configuration)`);
      if (opts.id && !opts.requeueDead) throw new CliError('--id goes with --requeue-dead');
      const daemon = opts.requeueDead ? runningDaemon(db) : null;
      const outbox = new Outbox({ path: db });
      let stats: OutboxStats;
      let dead: DeadLetter[] = [];
      let requeue: RequeueResult | null = null;
      try {
        if (opts.requeueDead) requeue = daemon === null ? outbox.requeueDead(opts.id) : await requeueByDaemon(outbox, daemon, opts.id);
        stats = outbox.stats();
        if (opts.dead) dead = outbox.deadLetters(100);
      } finally {
        outbox.close();
      }
      if (opts.json) {
        const extra = { ...(requeue ? { requeue } : {}), ...(opts.dead ? { dead: dead.map(deadRow) } : {}) };
        process.stdout.write(`${JSON.stringify({ db, ...stats, ...extra }, null, 2)}\n`);
        return;
      }
      const parts = [formatQueue(db, stats)];
      if (requeue) parts.push(formatRequeue(requeue, opts.id, daemon));
      if (opts.dead) parts.push(formatDead(dead, Date.now()));
      process.stdout.write(`${parts.join('\n\n')}\n`);
    });
}

type RequeueResult = { requeued: string[]; kept: string[] };

/** How long to wait for a running daemon to take and answer a request, ms (it looks every 0.5 s). */
const DAEMON_ANSWER_MS = 15_000;

/** The pid of the daemon holding `db`, from its status file (next to the outbox); null if none runs. */
function runningDaemon(db: string): number | null {
  const s = readStatusFile(statusPathFor(db));
  return s && s.state !== 'stopped' && processAlive(s.pid) ? s.pid : null;
}

/**
 * A running daemon keeps the queue's totals and which streams have work in memory, so the requeue
 * is its to make: the request goes through the outbox file (store/requests.ts) and the answer comes
 * back the same way. One the daemon has not taken in time is withdrawn, so it cannot run later by
 * surprise.
 */
async function requeueByDaemon(outbox: Outbox, pid: number, ids: readonly string[] | undefined): Promise<RequeueResult> {
  const id = outbox.requests.submit('requeue-dead', ids ? { ids } : {}, Date.now());
  const deadline = Date.now() + DAEMON_ANSWER_MS;
  for (;;) {
    const s = outbox.requests.state(id);
    if (s?.state === 'answered') {
      const r = s.result as Partial<RequeueResult> & { error?: string };
      if (r.error) throw new CliError(`the gateway daemon (pid ${pid}) could not requeue: ${r.error}`);
      return { requeued: r.requeued ?? [], kept: r.kept ?? [] };
    }
    if (Date.now() >= deadline) {
      if (outbox.requests.withdraw(id)) {
        throw new CliError(`the gateway daemon (pid ${pid}) did not take the request in ${DAEMON_ANSWER_MS / 1000} s (a clinic-edge older than this command?): nothing was requeued; stop it (e.g. systemctl stop clinic-edge), requeue, then start it`);
      }
      throw new CliError(`the gateway daemon (pid ${pid}) took the request but has not answered in ${DAEMON_ANSWER_MS / 1000} s: see its log; \`clinic-edge queue --dead\` shows what is still dead`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A dead letter without its payload (which may hold patient data), for listing. */
function deadRow(d: DeadLetter): { id: string; stream: string; createdAt: number; deadAt: number; attempts: number; reason: string } {
  return { id: d.id, stream: d.stream, createdAt: d.createdAt, deadAt: d.deadAt, attempts: d.attempts, reason: d.reason };
}

function formatDead(dead: readonly DeadLetter[], now: number): string {
  if (dead.length === 0) return 'dead letters: none';
  const rows = dead.map((d) => [d.id, d.stream, age(now - d.createdAt), age(now - d.deadAt), String(d.attempts), d.reason]);
  return `dead letters (newest first${dead.length === 100 ? ', first 100' : ''}):\n${formatTable(['id', 'stream', 'created', 'dead', 'attempts', 'reason'], rows)}`;
}

function formatRequeue(r: RequeueResult, ids: readonly string[] | undefined, daemon: number | null): string {
  const who = daemon === null ? 'the daemon sends them when it runs' : `by the running daemon (pid ${daemon}), which sends them now`;
  const lines = [`requeued ${r.requeued.length} dead letter(s)${r.requeued.length > 0 ? `: ${r.requeued.join(', ')}` : ''}; ${who}`];
  if (r.kept.length > 0) lines.push(`kept ${r.kept.length} (stream unknown, or the same seq is queued already): ${r.kept.join(', ')}`);
  const missing = (ids ?? []).filter((id) => !r.requeued.includes(id) && !r.kept.includes(id));
  if (missing.length > 0) lines.push(`no dead letter with id: ${missing.join(', ')}`);
  return lines.join('\n');
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
