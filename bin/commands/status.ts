import { ConfigError, loadConfig, processAlive, readStatusFile, statusPathFor, type DaemonStatus } from '@clinic-edge/gateway';
import { Command } from 'commander';
import { existsSync } from 'node:fs';
import { formatTable } from '../../bench/lib/table.js';
import { ago, bytes, defaultConfigPath } from '../diagnostics/format.js';
import { CliError, EXIT_FAILURE } from '../lib/errors.js';

interface StatusOptions {
  config?: string;
  statusFile?: string;
  json?: boolean;
}

/** A status file older than this, from a live pid, means the daemon is hung (it writes every 2 s). */
const STALE_MS = 15_000;

/**
 * `clinic-edge status`: is the daemon running, and how are its devices, hub link and outbox. Reads the
 * status file the daemon keeps next to its outbox. Exit 0 when it runs, 1 when it does not (or hangs).
 */
export function statusCommand(): Command {
  return new Command('status')
    .description('is the gateway daemon running; its devices, hub link, outbox and last error')
    .option('--config <file>', `the gateway configuration (default $CLINIC_EDGE_CONFIG or ${defaultConfigPath()})`)
    .option('--status-file <file>', 'the daemon status file (default: <store.path>.status.json of the configuration)')
    .option('--json', 'print the status as JSON')
    .action((opts: StatusOptions) => {
      const file = opts.statusFile ?? statusFileOf(opts.config ?? defaultConfigPath(), opts.config !== undefined);
      const s = readStatusFile(file);
      const now = Date.now();
      const verdict = judge(s, now);
      if (opts.json) process.stdout.write(`${JSON.stringify({ statusFile: file, verdict: verdict.kind, status: s }, null, 2)}\n`);
      else process.stdout.write(`${formatStatus(file, s, verdict, now)}\n`);
      if (verdict.kind !== 'running') process.exitCode = EXIT_FAILURE; // the message is printed above
    });
}

function statusFileOf(configFile: string, named: boolean): string {
  if (!existsSync(configFile)) {
    throw new CliError(
      named ? `no configuration at ${configFile}: check the path.` : `no configuration at ${configFile}: say which one with --config FILE (or --status-file FILE).`,
    );
  }
  try {
    return statusPathFor(loadConfig(configFile).store.path);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`${err.message}\n(\`clinic-edge config check ${configFile}\` explains each problem)`);
    throw err;
  }
}

type Verdict = { kind: 'running' | 'none' | 'stopped' | 'crashed' | 'hung'; summary: string };

export function judge(s: DaemonStatus | null, now: number): Verdict {
  if (!s) return { kind: 'none', summary: 'the gateway daemon is not running (it has never written a status here).' };
  if (s.state === 'stopped') return { kind: 'stopped', summary: `the gateway daemon is not running: it stopped cleanly ${ago(now - s.updatedAt)} ago.` };
  if (!processAlive(s.pid)) return { kind: 'crashed', summary: `the gateway daemon is not running: process ${s.pid} ended without stopping cleanly (last seen ${ago(now - s.updatedAt)} ago).` };
  if (now - s.updatedAt > STALE_MS) return { kind: 'hung', summary: `the gateway daemon (process ${s.pid}) has not updated its status for ${ago(now - s.updatedAt)}: it may be hung.` };
  return { kind: 'running', summary: 'running' };
}

const ADVICE: Record<Verdict['kind'], string> = {
  running: '',
  none: 'Start it with `clinic-edge run --config FILE` (or `systemctl start clinic-edge`).',
  stopped: 'Start it again with `clinic-edge run --config FILE` (or `systemctl start clinic-edge`).',
  crashed: 'Look at its last log lines (`journalctl -u clinic-edge -n 50`), then start it again. Nothing stored is lost: the outbox is on disk.',
  hung: 'Restart it (`systemctl restart clinic-edge`); if it happens again, keep its log for the developers.',
};

export function formatStatus(file: string, s: DaemonStatus | null, v: Verdict, now: number): string {
  if (v.kind !== 'running' || !s) {
    const lines = [`NOT RUNNING: ${v.summary}`, ADVICE[v.kind]];
    if (s?.outbox) lines.push(`When it last ran, ${s.outbox.messages} message(s) were waiting to go to the hub; they are kept and will be sent.`);
    lines.push(`(status file: ${file})`);
    return lines.join('\n');
  }
  const lines = [`RUNNING: gateway ${s.site}, process ${s.pid}, up ${ago(now - s.startedAt)}${s.state === 'stopping' ? ' (stopping now)' : ''}`, ''];
  lines.push(
    formatTable(
      ['device', 'protocol', 'port', 'state', 'for', 'garbled', 'why'],
      s.devices.map((d) => [d.id, d.protocol, d.port, d.state.toUpperCase(), ago(now - d.since), String(d.garbled), d.reason]),
    ),
  );
  const hub = s.hub;
  lines.push('');
  lines.push(`hub ${hub.url}: ${hub.online ? 'CONNECTED' : 'NOT CONNECTED'}${hub.since ? ` for ${ago(now - hub.since)}` : ''}${!hub.online && hub.lastError ? ` (${hub.lastError})` : ''}`);
  if (s.outbox) {
    const o = s.outbox;
    const streams = Object.entries(o.byStream).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`outbox: ${o.messages} waiting${streams ? ` (${streams})` : ''}, ${bytes(o.bytes)}, oldest ${ago(o.oldestAgeMs)}; ${o.evicted} evicted, ${o.deadLetters} dead letters`);
  }
  lines.push(`last error: ${s.lastError ? `${s.lastError.message} (${ago(now - s.lastError.at)} ago)` : 'none'}`);
  const off = s.devices.filter((d) => d.state !== 'online');
  if (off.length > 0) lines.push('', `Check ${off.map((d) => d.id).join(', ')}: cable and power; \`clinic-edge probe <port>\` shows what the port receives.`);
  if (!hub.online) lines.push('The hub is not reachable: readings are kept in the outbox and sent when it is. Check the network (mobile data, SIM credit).');
  return lines.join('\n');
}
