/**
 * End to end, on real parts: simulated devices (firmware-sim and a Masimo line writer) on TCP ->
 * the built daemon (`clinic-edge run`, a child process) -> a local Mosquitto -> a subscriber.
 * Measures messages/s into the outbox and published/s (a burst of device alarms, and a stored
 * backlog drained after a start), alert latency from the device's bytes to the subscriber (median,
 * p99, queue empty), and the daemon's resident memory with 16 ECG devices streaming.
 *
 *   npx tsc -b tsconfig.build.json && node dist/bench/gateway/e2e.js [--seconds N]
 *
 * The helpers below are also used by tests/killcycle.test.ts and tests/daemon.test.ts.
 */
import { encodeMasimoLine } from '@clinic-edge/devices';
import { Outbox, waveformSeq } from '@clinic-edge/gateway';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connect, type MqttClient } from 'mqtt';
import { repoRoot } from '../lib/paths.js';
import { resultsDir, writeJson } from '../lib/results.js';
import { formatTable } from '../lib/table.js';

// ---------------------------------------------------------------------------------------------
// Parts

export function cliPath(): string {
  return path.join(repoRoot(), 'dist', 'bin', 'clinic-edge.js');
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A Mosquitto of our own on a free port (the bench runs outside vitest, without tests/support). */
export async function startBroker(dir: string): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'set_tcp_nodelay true', 'max_queued_messages 0', 'max_inflight_messages 0', 'persistence false', 'log_dest none'].join('\n') + '\n');
  const proc = spawn(process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (await canConnect(port)) break;
    await sleep(25);
  }
  return {
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new NetSocket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A pulse oximeter speaking Masimo ASCII on a TCP port (as a serial device server would), whose
 * ALARM field changes every `alarmEvery` lines, so every change is an alert. `sentAt` holds the
 * wall time each alarm-changing line was written, keyed by its device clock text (for latency).
 */
export class AlarmOximeter {
  readonly sentAt = new Map<string, number>();
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private line = 0;
  port = 0;

  constructor(private readonly o: { intervalMs: number; alarmEvery: number; linesPerTick?: number }) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {});
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    this.timer = setInterval(() => this.tick(), this.o.intervalMs);
  }

  /** Writes one tick's lines now (latency probes call this on a quiet link). Returns the last device time text. */
  tick(): string {
    const { bytes, last } = this.lines(this.o.linesPerTick ?? 1);
    this.write(bytes);
    return last;
  }

  write(bytes: Buffer): void {
    for (const s of this.sockets) s.write(bytes);
  }

  /** The next `count` lines as bytes, without sending them (a burst is made before it is timed). */
  lines(count: number): { bytes: Buffer; last: string } {
    const parts: Buffer[] = [];
    let last = '';
    for (let k = 0; k < count; k++) {
      const n = this.line++;
      // A device clock that advances one second per line, so every line has its own time stamp.
      const t = new Date(Date.UTC(2026, 0, 1) + n * 1000);
      const deviceTime = { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(), minute: t.getUTCMinutes(), second: t.getUTCSeconds() };
      const alarm = Math.floor(n / this.o.alarmEvery) % 2 === 1 ? 0x0002 : 0; // spo2Low on and off
      const text = encodeMasimoLine({ deviceTime, serialNumber: '0123456789', spo2: alarm ? 85 : 97, pulseRate: 72, perfusionIndex: 2.5, spco: null, spmet: null, desat: null, piDelta: null, pvi: null, alarm, exceptions: 0 });
      last = t.toISOString().slice(0, 19);
      if (n % this.o.alarmEvery === 0) this.sentAt.set(last, Date.now());
      parts.push(Buffer.from(text, 'latin1'));
    }
    return { bytes: Buffer.concat(parts), last };
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async stop(): Promise<void> {
    this.pause();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface Received {
  id: string;
  stream: string;
  device: string;
  seq: number;
  payload: Buffer;
  at: number; // ms, when the subscriber got it
  json: Record<string, unknown> | null;
}

/** A subscriber on the site's topics: every message with its id, and any id that came twice with other bytes. */
export class Subscriber {
  readonly messages: Received[] = [];
  readonly firstById = new Map<string, Buffer>();
  readonly mismatched: string[] = [];
  duplicates = 0;
  private client: MqttClient | null = null;
  private listeners: ((m: Received) => void)[] = [];

  constructor(private readonly url: string, private readonly site: string) {}

  async start(): Promise<void> {
    const client = connect(this.url, { clientId: `sub-${process.pid}-${Date.now()}`, clean: true, reconnectPeriod: 200 });
    this.client = client;
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync(`clinic-edge/v1/${this.site}/#`, { qos: 1 });
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  onReceive(fn: (m: Received) => void): () => void {
    this.listeners.push(fn);
    return () => (this.listeners = this.listeners.filter((f) => f !== fn));
  }

  private onMessage(topic: string, payload: Buffer): void {
    const [, , , device, stream] = topic.split('/');
    if (device === 'gateway') return; // the retained birth / last will: no seq
    let seq: number;
    let json: Record<string, unknown> | null = null;
    if (stream === 'waveform') seq = waveformSeq(payload).seq;
    else {
      json = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
      seq = json.seq as number;
    }
    const id = `${this.site}/${device}/${stream}/${seq}`;
    const m: Received = { id, stream, device, seq, payload: Buffer.from(payload), at: Date.now(), json };
    const first = this.firstById.get(id);
    if (first) {
      this.duplicates++;
      if (!first.equals(m.payload)) this.mismatched.push(id);
    } else this.firstById.set(id, m.payload);
    this.messages.push(m);
    for (const f of this.listeners) f(m);
  }

  /** Per device/stream, the seqs missing from 1..max (the store numbers each stream from 1). */
  gaps(extra: Iterable<string> = []): Map<string, number[]> {
    const seqs = new Map<string, Set<number>>();
    for (const id of [...this.firstById.keys(), ...extra]) {
      const i = id.lastIndexOf('/');
      const key = id.slice(0, i);
      if (!seqs.has(key)) seqs.set(key, new Set());
      seqs.get(key)!.add(Number(id.slice(i + 1)));
    }
    const out = new Map<string, number[]>();
    for (const [key, set] of seqs) {
      const max = Math.max(...set);
      const missing: number[] = [];
      for (let s = 1; s <= max; s++) if (!set.has(s)) missing.push(s);
      out.set(key, missing);
    }
    return out;
  }

  async stop(): Promise<void> {
    await this.client?.endAsync();
  }
}

/** The built daemon as a child process. */
export class DaemonProcess {
  readonly proc: ChildProcess;
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(configFile: string, env: Record<string, string> = {}) {
    this.proc = spawn(process.execPath, [cliPath(), 'run', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.proc.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.proc.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves when the log shows `text` (e.g. 'gateway started'); rejects after `ms`. */
  async waitFor(text: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.output.includes(text)) {
      if (Date.now() > deadline) throw new Error(`daemon did not log "${text}" within ${ms} ms:\n${this.output}`);
      if (this.proc.exitCode !== null) throw new Error(`daemon exited (${this.proc.exitCode}) before logging "${text}":\n${this.output}`);
      await sleep(20);
    }
  }

  kill(signal: NodeJS.Signals): void {
    this.proc.kill(signal);
  }

  /** Resident memory of the daemon, bytes (Linux /proc). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb * 1024;
  }
}

export interface GatewayConfigInput {
  site: string;
  brokerPort: number;
  dbPath: string;
  devices: Record<string, unknown>[];
  summaryIntervalS?: number;
  level?: string;
}

export function writeConfig(file: string, c: GatewayConfigInput): string {
  writeFileSync(
    file,
    JSON.stringify({
      siteId: c.site,
      devices: c.devices,
      hub: { url: `mqtt://127.0.0.1:${c.brokerPort}` },
      store: { path: c.dbPath },
      pipeline: { summaryIntervalS: c.summaryIntervalS ?? 2 },
      logging: { level: c.level ?? 'info' },
    }),
  );
  return file;
}

/** Ids still stored in an outbox file (not yet acknowledged by the hub). */
export function storedIds(dbPath: string): string[] {
  if (!existsSync(dbPath)) return [];
  // Every stream whole: the default hands out only a window of each stream at a time.
  const outbox = new Outbox({ path: dbPath, maxInFlightPerStream: Number.MAX_SAFE_INTEGER });
  try {
    return outbox.nextBatch(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).map((m) => m.id);
  } finally {
    outbox.close();
  }
}

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---------------------------------------------------------------------------------------------
// The benchmark

export interface E2eOptions {
  /** Masimo lines written for the ingest phase (each is one vitals message). Default 60,000. */
  ingestLines?: number;
  /** Alarm changes probed for latency. Default 200. */
  latencyProbes?: number;
  /** ECG devices for the memory phase, and how long they stream, s. Defaults 16 and 20. */
  memoryDevices?: number;
  memorySeconds?: number;
}

export interface E2eReport {
  ingest: { messages: number; seconds: number; perSecond: number; target: number };
  publish: { messages: number; seconds: number; perSecond: number; target: number };
  alertLatencyMs: { probes: number; received: number; median: number; p99: number; max: number; target: number };
  memory: { devices: number; seconds: number; rssMaxMB: number; rssEndMB: number; target: number; stored: number };
  notes: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitUntil(cond: () => boolean, ms: number, stepMs = 20): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

function outboxCount(db: string, stream: 'vitals' | 'waveform' | 'alerts'): number {
  if (!existsSync(db)) return 0;
  const o = new Outbox({ path: db });
  try {
    return o.stats().byStream[stream].messages;
  } finally {
    o.close();
  }
}

/**
 * Phase 1 (ingest) and 2 (publish): the hub is down while one oximeter sends `ingestLines` lines as
 * fast as TCP takes them; messages/s into the outbox = vitals stored / time from the first byte to
 * the last stored. Then the hub comes up and a fresh daemon run drains the backlog to a subscriber:
 * published/s = messages received / time from the first to the last received (QoS 1, PUBACKed).
 */
async function ingestAndPublish(dir: string, lines: number): Promise<Pick<E2eReport, 'ingest' | 'publish'>> {
  const db = path.join(dir, 'ingest.db');
  const brokerDir = mkdtempSync(path.join(dir, 'broker-'));
  const port = await freePort();
  const ox = new AlarmOximeter({ intervalMs: 1_000_000, alarmEvery: 1_000_000, linesPerTick: 1000 });
  await ox.start();
  const config = writeConfig(path.join(dir, 'ingest.json'), { site: 'bench', brokerPort: port, dbPath: db, devices: [{ id: 'spo2-1', protocol: 'masimo', port: `tcp://127.0.0.1:${ox.port}` }] });
  const daemon = new DaemonProcess(config);
  await daemon.waitFor('device port open');
  ox.tick(); // the device goes online with its first valid line
  await daemon.waitFor('"state":"online"');
  await sleep(300);
  const before = outboxCount(db, 'vitals');
  const burst = ox.lines(lines).bytes; // made before the clock starts: the device is not what is measured
  const t0 = Date.now();
  ox.write(burst);
  await waitUntil(() => outboxCount(db, 'vitals') >= before + lines, 120_000, 200);
  const ingestS = (Date.now() - t0) / 1000;
  const stored = outboxCount(db, 'vitals') - before;
  daemon.kill('SIGTERM');
  await daemon.exited;
  await ox.stop();

  const broker = await startBrokerOn(brokerDir, port);
  const sub = new Subscriber(`mqtt://127.0.0.1:${port}`, 'bench');
  await sub.start();
  const backlog = storedIds(db).length;
  const drain = new DaemonProcess(config);
  await waitUntil(() => sub.firstById.size >= backlog, 180_000, 50);
  const times = sub.messages.map((m) => m.at);
  const publishS = (Math.max(...times) - Math.min(...times)) / 1000;
  drain.kill('SIGTERM');
  await drain.exited;
  await sub.stop();
  await broker.stop();
  return {
    ingest: { messages: stored, seconds: ingestS, perSecond: stored / ingestS, target: 20_000 },
    publish: { messages: sub.firstById.size, seconds: publishS, perSecond: sub.firstById.size / publishS, target: 10_000 },
  };
}

async function startBrokerOn(dir: string, port: number): Promise<{ stop: () => Promise<void> }> {
  const conf = path.join(dir, 'mosquitto.conf');
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'set_tcp_nodelay true', 'max_queued_messages 0', 'max_inflight_messages 0', 'persistence false', 'log_dest none'].join('\n') + '\n');
  const proc = spawn(process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(await canConnect(port)); i++) await sleep(25);
  return { stop: () => new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : (proc.once('exit', () => resolve()), proc.kill('SIGTERM')))) };
}

/** Phase 3: hub up, queue empty; every line flips the alarm; latency = subscriber receipt - line written. */
async function alertLatency(dir: string, probes: number): Promise<E2eReport['alertLatencyMs']> {
  const broker = await startBroker(mkdtempSync(path.join(dir, 'broker-')));
  const ox = new AlarmOximeter({ intervalMs: 1_000_000, alarmEvery: 1 });
  await ox.start();
  const config = writeConfig(path.join(dir, 'latency.json'), { site: 'bench', brokerPort: broker.port, dbPath: path.join(dir, 'latency.db'), devices: [{ id: 'spo2-1', protocol: 'masimo', port: `tcp://127.0.0.1:${ox.port}` }] });
  const sub = new Subscriber(`mqtt://127.0.0.1:${broker.port}`, 'bench');
  await sub.start();
  const latencies: number[] = [];
  sub.onReceive((m) => {
    if (m.stream !== 'alerts' || !m.json) return;
    const device = (m.json.t as { device: string | null }).device;
    const sent = device === null ? undefined : ox.sentAt.get(device);
    if (sent !== undefined) latencies.push(m.at - sent);
  });
  const daemon = new DaemonProcess(config);
  await daemon.waitFor('device port open');
  ox.tick();
  await daemon.waitFor('"state":"online"');
  await sleep(500);
  latencies.length = 0;
  for (let i = 0; i < probes; i++) {
    ox.tick();
    await sleep(50);
  }
  await sleep(500);
  daemon.kill('SIGTERM');
  await daemon.exited;
  await sub.stop();
  await ox.stop();
  await broker.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  return { probes, received: sorted.length, median: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, target: 50 };
}

/** Phase 4: N simulated OpenView boards (synthetic ECG at 250 Hz) streaming into one daemon; its RSS. */
async function memory(dir: string, devices: number, seconds: number): Promise<E2eReport['memory']> {
  const { createSimulator } = await import('../../firmware-sim/index.js');
  const broker = await startBroker(mkdtempSync(path.join(dir, 'broker-')));
  const sims = [];
  for (let i = 0; i < devices; i++) {
    const sim = createSimulator({ protocol: 'openview', tcp: 0, heartRate: 60 + i, rate: 250 });
    await sim.start();
    sims.push(sim);
  }
  const db = path.join(dir, 'memory.db');
  const config = writeConfig(path.join(dir, 'memory.json'), {
    site: 'bench',
    brokerPort: broker.port,
    dbPath: db,
    devices: sims.map((s, i) => ({ id: `ecg-${i + 1}`, protocol: 'openview', port: s.endpoint.address, sampleRate: 250 })),
    summaryIntervalS: 10,
  });
  const sub = new Subscriber(`mqtt://127.0.0.1:${broker.port}`, 'bench');
  await sub.start();
  const daemon = new DaemonProcess(config);
  await daemon.waitFor('gateway started');
  let rssMax = 0;
  let rssEnd = 0;
  for (let s = 0; s < seconds; s++) {
    await sleep(1000);
    rssEnd = daemon.rssBytes();
    rssMax = Math.max(rssMax, rssEnd);
  }
  daemon.kill('SIGTERM');
  await daemon.exited;
  for (const s of sims) await s.stop();
  await sub.stop();
  await broker.stop();
  return { devices, seconds, rssMaxMB: rssMax / 2 ** 20, rssEndMB: rssEnd / 2 ** 20, target: 150, stored: sub.firstById.size };
}

export async function runE2e(opts: E2eOptions = {}): Promise<E2eReport> {
  const tmp = tempDir('clinic-edge-e2e-');
  try {
    const { ingest, publish } = await ingestAndPublish(tmp.dir, opts.ingestLines ?? 60_000);
    const alertLatencyMs = await alertLatency(tmp.dir, opts.latencyProbes ?? 200);
    const mem = await memory(tmp.dir, opts.memoryDevices ?? 16, opts.memorySeconds ?? 20);
    return {
      ingest,
      publish,
      alertLatencyMs,
      memory: mem,
      notes: [
        'ingest: one Masimo-protocol device over tcp:// writing lines as fast as TCP takes them, hub down; each line is one vitals message (synchronous=FULL, Enqueuer batches of up to 1024)',
        'publish: the stored backlog drained by a fresh daemon run to a local Mosquitto, QoS 1, counted at the subscriber',
        'alert latency: a Masimo ALARM change every 50 ms, from the line written to the TCP socket to the alert at the subscriber (includes the fsync of the alert)',
        `memory: ${opts.memoryDevices ?? 16} OpenView boards (synthetic ECG, 250 Hz) through the full pipeline (RhythmAnalyzer, codec) to Mosquitto; VmRSS of the daemon process`,
      ],
    };
  } finally {
    tmp.remove();
  }
}

export function formatE2e(r: E2eReport): string {
  const ok = (good: boolean): string => (good ? 'met' : 'NOT MET');
  const rows = [
    ['messages into the outbox /s', r.ingest.perSecond.toFixed(0), `>= ${r.ingest.target}`, ok(r.ingest.perSecond >= r.ingest.target), `${r.ingest.messages} in ${r.ingest.seconds.toFixed(2)} s`],
    ['published /s (QoS 1)', r.publish.perSecond.toFixed(0), `>= ${r.publish.target}`, ok(r.publish.perSecond >= r.publish.target), `${r.publish.messages} in ${r.publish.seconds.toFixed(2)} s`],
    ['alert latency median, ms', r.alertLatencyMs.median.toFixed(1), '', '', `${r.alertLatencyMs.received}/${r.alertLatencyMs.probes} alerts`],
    ['alert latency p99, ms', r.alertLatencyMs.p99.toFixed(1), `< ${r.alertLatencyMs.target}`, ok(r.alertLatencyMs.p99 < r.alertLatencyMs.target), `max ${r.alertLatencyMs.max.toFixed(1)}`],
    [`RSS with ${r.memory.devices} ECG devices, MB`, r.memory.rssMaxMB.toFixed(1), `< ${r.memory.target}`, ok(r.memory.rssMaxMB < r.memory.target), `end ${r.memory.rssEndMB.toFixed(1)} MB, ${r.memory.stored} messages delivered in ${r.memory.seconds} s`],
  ];
  return [formatTable(['figure', 'value', 'target', '', 'detail'], rows), '', ...r.notes.map((n) => `- ${n}`)].join('\n');
}

function argNumber(name: string): number | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await runE2e({ ingestLines: argNumber('--lines'), latencyProbes: argNumber('--probes'), memoryDevices: argNumber('--devices'), memorySeconds: argNumber('--seconds') });
  process.stdout.write(`${formatE2e(report)}\n`);
  writeJson(path.join(resultsDir(), 'gateway-e2e.json'), report);
}
