import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';

export const MOSQUITTO = process.env.MOSQUITTO_BIN ?? '/usr/sbin/mosquitto';

/** Tests that need a broker `describe.skipIf(!mosquittoAvailable())` with this reason. */
export function mosquittoAvailable(): boolean {
  return existsSync(MOSQUITTO);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface MosquittoOptions {
  /** Default: a free port. */
  port?: number;
  /** Server certificate: the listener speaks TLS only. */
  tls?: { caFile: string; certFile: string; keyFile: string; requireCertificate?: boolean };
  /** mosquitto password file; anonymous clients are refused when set. */
  passwordFile?: string;
  aclFile?: string;
  /** Keep sessions and retained messages across restarts (in the broker's temp directory). */
  persistence?: boolean;
  /** Announced in CONNACK (MQTT 5); larger packets are refused. */
  maxPacketSize?: number;
  /** More mosquitto.conf lines. */
  extra?: string[];
}

/**
 * A real Mosquitto on 127.0.0.1, configured from a temp file; `stop()` and `start()` again keep the
 * port, so a test can take the hub away and bring it back.
 */
export class Mosquitto {
  readonly dir: string;
  readonly port: number;
  private proc: ChildProcess | null = null;
  private log = '';

  private readonly configFile: string;

  private constructor(private readonly options: MosquittoOptions, port: number, configFile?: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'clinic-edge-mosquitto-'));
    this.port = port;
    this.configFile = configFile ?? join(this.dir, 'mosquitto.conf');
    if (!configFile) writeFileSync(this.configFile, this.config());
  }

  /** Runs a configuration file written elsewhere (e.g. the example in config/); `port` is one it listens on. */
  static async fromConfig(configFile: string, port: number): Promise<Mosquitto> {
    const broker = new Mosquitto({}, port, configFile);
    await broker.start();
    return broker;
  }

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const broker = new Mosquitto(options, options.port ?? (await freePort()));
    await broker.start();
    return broker;
  }

  get url(): string {
    return `${this.options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** The broker's own log (stderr), for failure messages. */
  get output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.proc) return;
    const proc = spawn(MOSQUITTO, ['-c', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    proc.stdout!.on('data', (d: Buffer) => (this.log += d.toString()));
    proc.stderr!.on('data', (d: Buffer) => (this.log += d.toString()));
    proc.on('exit', () => {
      if (this.proc === proc) this.proc = null;
    });
    await this.waitListening();
  }

  /** SIGTERM (mosquitto saves persistence on it) and waits for the exit. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await exited;
    this.proc = null;
  }

  /**
   * SIGHUP: mosquitto reads its password and ACL files again, keeping its listener and clients.
   * Resolves once its log says so, which needs `log_type information` (pass it in `extra`).
   */
  async reload(): Promise<void> {
    if (!this.proc) throw new Error('mosquitto is not running');
    const from = this.log.length;
    this.proc.kill('SIGHUP');
    const deadline = Date.now() + 5000;
    while (!this.log.slice(from).includes('Reloading config')) {
      if (Date.now() > deadline) throw new Error(`mosquitto did not log its reload (log_type information?):\n${this.log}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private config(): string {
    const o = this.options;
    const lines = [`listener ${this.port} 127.0.0.1`,
      // Run as root (CI containers), mosquitto would switch to the `mosquitto` user and lose the temp files.
      ...(process.getuid?.() === 0 ? ['user root'] : []), 'log_dest stderr', 'log_type error', 'log_type warning', 'max_queued_messages 0', 'max_inflight_messages 0'];
    lines.push(`allow_anonymous ${o.passwordFile ? 'false' : 'true'}`);
    if (o.passwordFile) lines.push(`password_file ${o.passwordFile}`);
    if (o.aclFile) lines.push(`acl_file ${o.aclFile}`);
    if (o.tls) {
      lines.push(`cafile ${o.tls.caFile}`, `certfile ${o.tls.certFile}`, `keyfile ${o.tls.keyFile}`);
      if (o.tls.requireCertificate) lines.push('require_certificate true');
    }
    lines.push(`persistence ${o.persistence ? 'true' : 'false'}`);
    if (o.persistence) lines.push(`persistence_location ${this.dir}/`, 'autosave_interval 1');
    if (o.maxPacketSize !== undefined) lines.push(`max_packet_size ${o.maxPacketSize}`);
    lines.push(...(o.extra ?? []));
    return lines.join('\n') + '\n';
  }

  private async waitListening(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (!this.proc) throw new Error(`mosquitto exited at start:\n${this.log}`);
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`mosquitto did not listen on ${this.port} within 10 s:\n${this.log}`);
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Certificates {
  dir: string;
  caFile: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here: verifying the broker against it must fail. */
  otherCaFile: string;
}

/** A CA, a server certificate for 127.0.0.1 (subjectAltName IP) and a client certificate, made with openssl. */
export function makeCertificates(dir: string): Certificates {
  const f = (name: string): string => join(dir, name);
  const ssl = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=clinic-edge test CA');
  ssl('req', '-x509', ...ec, '-keyout', f('other-ca.key'), '-out', f('other-ca.crt'), '-days', '2', '-subj', '/CN=some other CA');
  writeFileSync(f('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  ssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.crt'), '-days', '2', '-extfile', f('server.ext'));
  ssl('req', ...ec, '-keyout', f('client.key'), '-out', f('client.csr'), '-subj', '/CN=site-a');
  ssl('x509', '-req', '-in', f('client.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('client.crt'), '-days', '2');
  return {
    dir,
    caFile: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    otherCaFile: f('other-ca.crt'),
  };
}

/** A mosquitto password file made with mosquitto_passwd (hashes, never the clear password). */
export function writePasswordFile(path: string, users: Readonly<Record<string, string>>): void {
  const tool = ['/usr/bin/mosquitto_passwd', '/usr/sbin/mosquitto_passwd'].find((p) => existsSync(p));
  if (!tool) throw new Error('mosquitto_passwd is not installed (package mosquitto); the test needs it to hash passwords');
  writeFileSync(path, '');
  for (const [user, password] of Object.entries(users)) execFileSync(tool, ['-b', path, user, password], { stdio: 'pipe' });
}

export interface TcpFront {
  port: number;
  /** CONNECTs refused for asking MQTT 5 (with `refuseMqtt5`). */
  refusedV5(): number;
  /** Drops every open connection at once (the network went away); new connections are still accepted. */
  cut(): void;
  close(): Promise<void>;
}

/**
 * A TCP front for a real broker: pipes bytes both ways, can `cut()` every connection (a lost
 * network, with the broker still running), and with `refuseMqtt5` behaves like a 3.1.1-only
 * broker: a CONNECT asking for protocol level 5 gets CONNACK "unacceptable protocol version"
 * (3.1.1 §3.2.2.3, code 1) and is closed.
 */
export async function startTcpFront(targetPort: number, options: { refuseMqtt5?: boolean; port?: number } = {}): Promise<TcpFront> {
  let refused = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    client.once('data', (first: Buffer) => {
      if (options.refuseMqtt5 && protocolLevel(first) === 5) {
        refused += 1;
        client.end(Buffer.from([0x20, 0x02, 0x00, 0x01]));
        return;
      }
      const upstream = tcpConnect(targetPort, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const cut = (): void => {
    for (const s of sockets) s.destroy();
  };
  return {
    port: (server.address() as { port: number }).port,
    refusedV5: () => refused,
    cut,
    close: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}

/** A front that behaves like a 3.1.1-only broker (see startTcpFront). */
export function startV311OnlyFront(targetPort: number, port = 0): Promise<TcpFront> {
  return startTcpFront(targetPort, { refuseMqtt5: true, port });
}

/** The protocol level byte of a CONNECT packet (after the fixed header and the "MQTT" name), or -1. */
function protocolLevel(packet: Buffer): number {
  if (packet.length < 2 || packet[0] !== 0x10) return -1;
  let i = 1;
  while (i < packet.length && (packet[i]! & 0x80) !== 0) i += 1;
  i += 1; // past the remaining length
  const nameLength = packet.readUInt16BE(i);
  const at = i + 2 + nameLength;
  return at < packet.length ? packet[at]! : -1;
}

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

export interface Subscriber {
  client: MqttClient;
  messages: Received[];
  /** Resolves once `done(messages)` is true; rejects after `timeoutMs` with what arrived so far. */
  waitFor(done: (messages: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** An mqtt.js subscriber (the hub's side) that records everything it receives, in order. */
export async function subscribe(url: string, filter: string, options: IClientOptions = {}): Promise<Subscriber> {
  const client = await connectAsync(url, { protocolVersion: 5, reconnectPeriod: 100, ...options });
  const messages: Received[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: Buffer.from(payload), retain: packet.retain });
    for (const w of waiters) w();
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    client,
    messages,
    waitFor: (done, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (done(messages)) return resolve();
        const check = (): void => {
          if (!done(messages)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms with ${messages.length} messages: ${messages.slice(-5).map((m) => m.topic + ' ' + m.payload.toString().slice(0, 80)).join(' | ')}`));
        }, timeoutMs);
        waiters.add(check);
      }),
    close: () => client.endAsync(true),
  };
}
