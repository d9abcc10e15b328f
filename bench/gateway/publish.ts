import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Enqueuer, HubLink, Outbox, Publisher, topicFor, type NewMessage, type OutboxStore, type RateOptions, type Stream } from '@clinic-edge/gateway';
import { connectAsync } from 'mqtt';
import { resultsDir, writeJson } from '../lib/results.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, si } from '../lib/table.js';

export interface PublishBenchOptions {
  /** Messages in the filled outbox for the throughput phase. Default 100,000. */
  messages?: number;
  /** Payload bytes of a throughput message (a ~1 s waveform frame is 300-600). Default 200. */
  payloadBytes?: number;
  /** Devices, each with a waveform and a vitals stream. Default 8. */
  devices?: number;
  /** Publisher in-flight window. Default 1024. */
  window?: number;
  /** Outbox per-stream window (maxInFlightPerStream). Default 256. */
  streamWindow?: number;
  /** Messages waiting when the hub comes back (5 % alerts, 20 % vitals, 75 % waveform). Default 20,000. */
  outageMessages?: number;
  /** Replay limit of the second drain run (the first is unlimited). Default 2,000 messages/s. */
  replayRate?: RateOptions;
  /** Alerts timed one by one on an empty queue. Default 500, one every 10 ms. */
  latencySamples?: number;
  latencyIntervalMs?: number;
  mosquitto?: string;
  /** The broker's max_inflight_messages, announced as MQTT 5 Receive Maximum (0: none). Mosquitto's own default is 20. Default 0. */
  brokerInflight?: number;
  /** Where the outbox files go (a real disk: every enqueue is fsynced). Default the OS temp dir. */
  dir?: string;
}

export interface Quantiles {
  medianMs: number;
  p99Ms: number;
  maxMs: number;
}

export interface Rate {
  messages: number;
  seconds: number;
  messagesPerSecond: number;
}

export interface PublishBenchReport {
  /** Filled outbox drained to a connected Mosquitto: PUBACKed and deleted, per second. */
  throughput: Rate;
  /** Broker stopped while the outbox filled, then restarted: from CONNACK to an empty outbox. */
  drain: (Rate & { limit: string; alertsSeconds: number })[];
  /** Enqueuer.push (fsync included) to receipt by a subscriber, queue empty. */
  alertLatency: Quantiles & {
    samples: number;
    /** Of that: `Enqueuer.push` returning, i.e. the alert durable in SQLite (one fsync). */
    enqueue: Quantiles;
    /** Of that: from durable to received by the subscriber (publisher turn, MQTT, broker). */
    delivery: Quantiles;
  };
  settings: Required<Omit<PublishBenchOptions, 'replayRate' | 'dir'>> & { replayRate: RateOptions };
  environment: { node: string; cpu: string; cores: number; loadAverage1m: number; mosquitto: string; note: string };
  revision: string | null;
}

const SITE = 'bench';

/** Runs the three phases on a Mosquitto started here on a free port; nothing else is needed. */
export async function runPublishBench(options: PublishBenchOptions = {}): Promise<PublishBenchReport> {
  const s = {
    messages: options.messages ?? 100_000,
    payloadBytes: options.payloadBytes ?? 200,
    devices: options.devices ?? 8,
    window: options.window ?? 1024,
    streamWindow: options.streamWindow ?? 256,
    outageMessages: options.outageMessages ?? 20_000,
    replayRate: options.replayRate ?? { messagesPerSecond: 2000 },
    latencySamples: options.latencySamples ?? 500,
    latencyIntervalMs: options.latencyIntervalMs ?? 10,
    mosquitto: options.mosquitto ?? '/usr/sbin/mosquitto',
    brokerInflight: options.brokerInflight ?? 0,
  };
  const dir = mkdtempSync(path.join(options.dir ?? os.tmpdir(), 'clinic-edge-publish-bench-'));
  const broker = new Broker(s.mosquitto, dir, s.brokerInflight);
  const load = os.loadavg()[0];
  try {
    await broker.start(await freePort());
    const throughput = await measureThroughput(s, dir, broker);
    const drain = [await measureDrain(s, dir, broker, {}, 'none'), await measureDrain(s, dir, broker, s.replayRate, describeRate(s.replayRate))];
    const alertLatency = await measureLatency(s, dir, broker);
    return {
      throughput,
      drain,
      alertLatency,
      settings: s,
      environment: {
        node: process.version,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        loadAverage1m: Number(load.toFixed(2)),
        mosquitto: s.mosquitto,
        note: 'publisher, broker and subscriber share the cores, and the machine may be shared with other work (see loadAverage1m)',
      },
      revision: sourceRevision() ?? null,
    };
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Settings = Required<Omit<PublishBenchOptions, 'dir'>>;

function messagesFor(n: number, devices: number, payloadBytes: number, mix: (i: number) => Stream): NewMessage[] {
  const body = Buffer.alloc(payloadBytes, 0x61);
  return Array.from({ length: n }, (_, i) => {
    const device = `dev-${i % devices}`;
    const stream = mix(i);
    return { site: SITE, device, stream, topic: topicFor(SITE, device, stream), payload: body };
  });
}

function fill(outbox: Outbox, msgs: NewMessage[]): void {
  for (let i = 0; i < msgs.length; i += 1000) outbox.enqueue(msgs.slice(i, i + 1000));
}

function parts(s: Settings, dir: string, url: string, name: string, rate: RateOptions = {}) {
  const outbox = new Outbox({ path: path.join(dir, `${name}.db`), maxInFlightPerStream: s.streamWindow });
  const link = new HubLink({ url, site: SITE, clientId: `bench-${name}`, backoff: { initialMs: 100, maxMs: 200 } });
  // Counts acked alerts without outbox.stats() (aggregate queries that would slow what is measured).
  const acked = { alerts: 0 };
  const counting: OutboxStore = {
    validate: (m) => outbox.validate(m),
    enqueue: (m) => outbox.enqueue(m),
    nextBatch: (limit, bytes) => outbox.nextBatch(limit, bytes),
    ack: (ids) => {
      for (const id of ids) if (id.includes('/alerts/')) acked.alerts += 1;
      return outbox.ack(ids);
    },
    nack: (id, reason, permanent) => outbox.nack(id, reason, permanent),
    release: (ids) => outbox.release(ids),
    evictExpired: () => outbox.evictExpired(),
    deadLetters: (limit) => outbox.deadLetters(limit),
    stats: () => outbox.stats(),
    close: () => outbox.close(),
  };
  const publisher = new Publisher({ outbox: counting, link, window: s.window, rate });
  const close = async (): Promise<void> => {
    publisher.stop();
    await link.stop(1000);
    outbox.close();
  };
  return { outbox, link, publisher, acked, close };
}

const online = (link: HubLink): Promise<void> => (link.online ? Promise.resolve() : new Promise((resolve) => link.once('online', () => resolve())));

/** Polls `done` every ms; resolves with the time it first held. */
function whenTrue(done: () => boolean): Promise<number> {
  return new Promise((resolve) => {
    const tick = (): void => {
      if (done()) resolve(performance.now());
      else setTimeout(tick, 1);
    };
    tick();
  });
}

async function measureThroughput(s: Settings, dir: string, broker: Broker): Promise<Rate> {
  const p = parts(s, dir, broker.url, 'throughput');
  try {
    fill(p.outbox, messagesFor(s.messages, s.devices, s.payloadBytes, (i) => ((i >> 3) % 2 === 0 ? 'waveform' : 'vitals')));
    p.link.start();
    await online(p.link);
    const t0 = performance.now();
    p.publisher.start();
    const t1 = await whenTrue(() => p.publisher.stats().acked >= s.messages);
    if (p.outbox.stats().messages !== 0) throw new Error('throughput: the outbox is not empty after every PUBACK');
    return rate(s.messages, t1 - t0);
  } finally {
    await p.close();
  }
}

async function measureDrain(s: Settings, dir: string, broker: Broker, limit: RateOptions, label: string): Promise<Rate & { limit: string; alertsSeconds: number }> {
  const p = parts(s, dir, broker.url, `drain-${label.replace(/\W+/g, '')}`, limit);
  try {
    await broker.stop();
    p.link.start();
    p.publisher.start();
    const mix = (i: number): Stream => (i % 20 === 0 ? 'alerts' : i % 5 === 0 ? 'vitals' : 'waveform');
    fill(p.outbox, messagesFor(s.outageMessages, s.devices, s.payloadBytes, mix));
    const alerts = Math.ceil(s.outageMessages / 20);
    await broker.start(broker.port);
    await online(p.link);
    const t0 = performance.now();
    let alertsAt = 0;
    const t1 = await whenTrue(() => {
      if (!alertsAt && p.acked.alerts >= alerts) alertsAt = performance.now();
      return p.publisher.stats().acked >= s.outageMessages;
    });
    return { ...rate(s.outageMessages, t1 - t0), limit: label, alertsSeconds: round((alertsAt - t0) / 1000) };
  } finally {
    await p.close();
  }
}

async function measureLatency(s: Settings, dir: string, broker: Broker): Promise<PublishBenchReport['alertLatency']> {
  const p = parts(s, dir, broker.url, 'latency');
  const enqueuer = new Enqueuer(p.outbox, { onFlush: () => p.publisher.wake() });
  const sub = await connectAsync(broker.url, { protocolVersion: 5, clientId: 'bench-hub-reader' });
  const latencies: number[] = [];
  const enqueues: number[] = [];
  const deliveries: number[] = [];
  let durableAt = 0;
  let notify: (() => void) | null = null;
  sub.on('message', (_topic, payload) => {
    const now = performance.now();
    latencies.push(now - Number(payload.toString()));
    deliveries.push(now - durableAt);
    notify?.();
  });
  try {
    await sub.subscribeAsync(topicFor(SITE, 'ecg-1', 'alerts'), { qos: 1 });
    p.link.start();
    p.publisher.start();
    await online(p.link);
    for (let i = 0; i < s.latencySamples; i++) {
      const arrived = new Promise<void>((resolve) => (notify = resolve));
      const t0 = performance.now();
      enqueuer.push({ site: SITE, device: 'ecg-1', stream: 'alerts', topic: topicFor(SITE, 'ecg-1', 'alerts'), payload: Buffer.from(String(t0)) });
      durableAt = performance.now();
      enqueues.push(durableAt - t0);
      await arrived;
      await new Promise((r) => setTimeout(r, s.latencyIntervalMs));
    }
  } finally {
    enqueuer.close();
    await sub.endAsync(true);
    await p.close();
  }
  return { samples: latencies.length, ...quantiles(latencies), enqueue: quantiles(enqueues), delivery: quantiles(deliveries) };
}

function quantiles(values: readonly number[]): Quantiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: round(at(0.5)), p99Ms: round(at(0.99)), maxMs: round(sorted.at(-1) ?? NaN) };
}

export function formatPublishBench(r: PublishBenchReport): string {
  const rows = [
    ['published QoS 1 from a filled outbox (PUBACKed + deleted)', si(r.throughput.messagesPerSecond), `${r.throughput.messages} in ${r.throughput.seconds.toFixed(2)} s`, '>= 10 k/s'],
    ...r.drain.map((d) => [`drain after outage, replay limit ${d.limit}`, si(d.messagesPerSecond), `${d.messages} in ${d.seconds.toFixed(2)} s; alerts done at ${d.alertsSeconds.toFixed(2)} s`, '']),
    ['alert latency, empty queue: median', `${r.alertLatency.medianMs} ms`, `${r.alertLatency.samples} alerts, max ${r.alertLatency.maxMs} ms`, ''],
    ['alert latency, empty queue: p99', `${r.alertLatency.p99Ms} ms`, 'Enqueuer.push (fsync) -> subscriber', '< 50 ms'],
    ['  of which durable enqueue (fsync): median / p99', `${r.alertLatency.enqueue.medianMs} / ${r.alertLatency.enqueue.p99Ms} ms`, `max ${r.alertLatency.enqueue.maxMs} ms`, ''],
    ['  of which durable -> subscriber: median / p99', `${r.alertLatency.delivery.medianMs} / ${r.alertLatency.delivery.p99Ms} ms`, `max ${r.alertLatency.delivery.maxMs} ms`, ''],
  ];
  return [
    formatTable(['phase', 'rate / time', 'detail', 'target'], rows),
    '',
    `${r.environment.cpu}, ${r.environment.cores} cores, load average ${r.environment.loadAverage1m} at start; node ${r.environment.node}; revision ${r.revision ?? 'unknown'}`,
    r.environment.note,
  ].join('\n');
}

/** Writes the report to bench/results/publish.json (or `file`) and returns the path. */
export function writePublishBench(report: PublishBenchReport, file = path.join(resultsDir(), 'publish.json')): string {
  writeJson(file, report);
  return file;
}

function rate(messages: number, ms: number): Rate {
  return { messages, seconds: round(ms / 1000), messagesPerSecond: Math.round((messages * 1000) / ms) };
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function describeRate(r: RateOptions): string {
  const parts = [r.messagesPerSecond ? `${r.messagesPerSecond} msg/s` : '', r.bytesPerSecond ? `${r.bytesPerSecond} B/s` : ''].filter(Boolean);
  return parts.join(', ') || 'none';
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A plain loopback Mosquitto for the benchmark (tests have their own, richer helper). */
class Broker {
  port = 0;
  private proc: ChildProcess | null = null;
  constructor(
    private readonly bin: string,
    private readonly dir: string,
    private readonly inflight: number,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(port: number): Promise<void> {
    this.port = port;
    const conf = path.join(this.dir, 'mosquitto.conf');
    const user = process.getuid?.() === 0 ? ['user root'] : [];
    writeFileSync(conf, [`listener ${port} 127.0.0.1`, ...user, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', `max_inflight_messages ${this.inflight}`, 'max_queued_messages 0', 'log_dest stderr', 'log_type error', ''].join('\n'));
    let log = '';
    const proc = spawn(this.bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    this.proc = proc;
    for (let i = 0; i < 400; i++) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited: ${log}`);
      if (await listening(port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`mosquitto did not listen on ${port}: ${log}`);
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGTERM');
    await exited;
    this.proc = null;
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
