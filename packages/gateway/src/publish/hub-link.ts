import { EventEmitter } from 'node:events';
import { connect, type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import { Backoff, type BackoffOptions } from '../backoff.js';
import { classifyConnectError, isUnsupportedProtocol } from './connect-failure.js';
import { PublishError } from './errors.js';
import type { LinkLogger, Timers } from './runtime.js';
import { realTimers, silentLogger } from './runtime.js';
import type { CredentialOptions, TlsOptions } from './security.js';
import { assertEncryptedOrLoopback, parseBrokerUrl, readCredentials, readTls, type BrokerUrl } from './security.js';
import { assertTopicName, clientIdFor, gatewayStatusPayload, gatewayStatusTopic } from './topics.js';

export interface HubLinkOptions extends CredentialOptions {
  /** `mqtts://hub:8883` (or `mqtt://127.0.0.1:1883` on loopback). No credentials in the URL. */
  url: string;
  site: string;
  /** Default `clinic-edge-gw-<site>`: stable, so a restart resumes the broker-side session. */
  clientId?: string;
  /** Permit `mqtt://` to a host that is not loopback (patient data in clear). Default false. */
  allowInsecure?: boolean;
  tls?: TlsOptions;
  /** 'auto' tries MQTT 5 and falls back to 3.1.1 (remembered) if the broker refuses the version. Default 'auto'. */
  protocol?: 'auto' | 4 | 5;
  /** Default 30 s. The broker publishes the last will after 1.5× this without a packet. */
  keepaliveSeconds?: number;
  /** MQTT 5 session expiry, s: how long the broker keeps our session while we are away. Default 7 days. */
  sessionExpirySeconds?: number;
  /** No CONNACK within this is a failed attempt, ms. Default 10,000. */
  connectTimeoutMs?: number;
  /** Reconnect delays. Defaults 1 s doubling to 60 s, jitter 0.5. */
  backoff?: BackoffOptions;
  /** A connection that stayed up this long resets the backoff, ms. Default 10,000. */
  stableAfterMs?: number;
  /** Local cap on a PUBLISH packet, bytes: the only guard on a 3.1.1 broker, which announces none. */
  maxPacketBytes?: number;
  logger?: LinkLogger;
  /** Where passwordEnv/usernameEnv are looked up. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  timers?: Timers;
  /** Wall clock, ms since epoch (birth timestamp, stability). Default Date.now. */
  now?: () => number;
}

/** What the broker granted at CONNACK. */
export interface LinkInfo {
  protocolVersion: 4 | 5;
  /** From CONNACK (MQTT 5) capped by `maxPacketBytes`; a PUBLISH larger than this is refused before sending. */
  maximumPacketSize: number;
  /** QoS 1 messages the broker accepts unacknowledged at once (MQTT 5 Receive Maximum; 65,535 if unsaid). */
  receiveMaximum: number;
  sessionPresent: boolean;
}

export interface LinkEvents {
  online: [LinkInfo];
  offline: [{ reason: string }];
  /** A connection attempt failed; the link retries by itself after a backoff. */
  failure: [PublishError];
  /** The broker acknowledged this connection's birth message: the link has made a full round trip. */
  ready: [];
}

/**
 * What the publish callback receives: 0 (or 0x10) when the broker PUBACKed, an MQTT 5 reason code
 * >= 0x80 when it refused the message, or LOST when the connection went away first (the message may
 * or may not have arrived; the outbox sends it again).
 */
export type PublishOutcome = number;
export const LOST: PublishOutcome = -1;

const MAX_PACKET = 268_435_460;

/**
 * The gateway's connection to the county hub: one mqtt.js client per connection attempt, QoS 1,
 * persistent session, retained birth/last will, reconnect with backoff and protocol fallback.
 * It queues nothing: `publish` refuses while offline, because the outbox is the source of truth.
 * The constructor only validates options; files and the network are touched from `start()`.
 */
export class HubLink extends EventEmitter<LinkEvents> {
  readonly site: string;
  readonly clientId: string;
  readonly statusTopic: string;
  private readonly broker: BrokerUrl;
  private readonly log: LinkLogger;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly backoff: Backoff;
  private version: 4 | 5;
  private client: MqttClient | null = null;
  private generation = 0;
  private running = false;
  private retryTimer: unknown = null;
  private linkInfo: LinkInfo | null = null;
  private birthAcked = false;
  private onlineSince = 0;
  private baseOptions: IClientOptions | null = null;

  constructor(private readonly options: HubLinkOptions) {
    super();
    assertTopicName('site', options.site);
    this.site = options.site;
    this.clientId = options.clientId ?? clientIdFor(options.site);
    this.statusTopic = gatewayStatusTopic(options.site);
    this.broker = parseBrokerUrl(options.url);
    assertEncryptedOrLoopback(this.broker, options.allowInsecure === true);
    if (options.tls && !this.broker.secure) {
      throw new PublishError('E_MQTT_CONFIG', `tls is set but url ${options.url} is not encrypted; use mqtts://`, { url: options.url });
    }
    if (options.protocol !== undefined && options.protocol !== 'auto' && options.protocol !== 4 && options.protocol !== 5) {
      throw new PublishError('E_MQTT_CONFIG', `protocol must be 'auto', 4 or 5, got ${String(options.protocol)}`, { protocol: options.protocol });
    }
    this.version = options.protocol === 4 ? 4 : 5;
    this.log = options.logger ?? silentLogger;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
    this.backoff = new Backoff(options.backoff);
  }

  get online(): boolean {
    return this.linkInfo !== null;
  }

  /** What the broker granted on the current connection; null while offline. */
  get info(): LinkInfo | null {
    return this.linkInfo;
  }

  /** Online, and the broker has acknowledged this connection's birth message (event `ready`). */
  get ready(): boolean {
    return this.linkInfo !== null && this.birthAcked;
  }

  /** The version the next connection will use (5 until a broker refused it in 'auto'). */
  get protocolVersion(): 4 | 5 {
    return this.version;
  }

  /** Reads credentials and TLS files (throws typed errors for missing ones) and starts connecting. */
  start(): void {
    if (this.running) return;
    const o = this.options;
    const creds = readCredentials(o, o.env ?? process.env);
    const tls = o.tls ? readTls(o.tls) : undefined;
    this.baseOptions = {
      clientId: this.clientId,
      clean: false,
      keepalive: o.keepaliveSeconds ?? 30,
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      reconnectPeriod: 0, // reconnects are ours: backoff with jitter and protocol fallback
      queueQoSZero: false,
      resubscribe: false,
      username: creds.username,
      password: creds.password,
      will: { topic: this.statusTopic, payload: gatewayStatusPayload('offline', null, 'lost'), qos: 1, retain: true },
      ...(tls ? { ca: tls.ca, cert: tls.cert, key: tls.key, servername: tls.servername, rejectUnauthorized: true } : {}),
    };
    this.running = true;
    this.log.info({ host: this.broker.host, clientId: this.clientId, tls: this.broker.secure, user: creds.username ?? null }, 'hub link starting');
    this.connectOnce();
  }

  /**
   * Publishes QoS 1; `done` gets the outcome (see PublishOutcome). Returns false, without calling
   * `done`, when offline: nothing is ever queued inside the MQTT client.
   */
  publish(topic: string, payload: Uint8Array, retain: boolean, done: (outcome: PublishOutcome) => void): boolean {
    const client = this.client;
    if (!client || !this.linkInfo || !client.connected) return false;
    const generation = this.generation;
    const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    client.publish(topic, body, { qos: 1, retain }, (err) => {
      if (generation !== this.generation) return; // a callback from a connection already given up
      if (!err) return done(0);
      const code = (err as Error & { code?: unknown }).code;
      done(typeof code === 'number' && code >= 0x80 ? code : LOST);
    });
    return true;
  }

  /** Publishes the retained `offline` (a clean stop sends no last will), disconnects, stops retrying. */
  async stop(timeoutMs = 2000): Promise<void> {
    this.running = false;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    const wasOnline = this.linkInfo !== null;
    this.client = null;
    this.linkInfo = null;
    this.generation += 1;
    if (!client) return;
    if (wasOnline && client.connected) {
      const offline = gatewayStatusPayload('offline', this.now(), 'stopped');
      await withTimeout(timeoutMs, (done) => client.publish(this.statusTopic, offline, { qos: 1, retain: true }, () => done()));
      await withTimeout(timeoutMs, (done) => client.end(false, {}, () => done()));
    }
    await withTimeout(timeoutMs, (done) => client.end(true, {}, () => done()));
    client.removeAllListeners();
    client.on('error', () => {});
    if (wasOnline) this.emit('offline', { reason: 'stopped' });
    this.log.info({ host: this.broker.host }, 'hub link stopped');
  }

  private connectOnce(): void {
    this.retryTimer = null;
    if (!this.running || !this.baseOptions) return;
    const generation = ++this.generation;
    const version = this.version;
    const options: IClientOptions = {
      ...this.baseOptions,
      protocolVersion: version,
      properties: version === 5 ? { sessionExpiryInterval: this.options.sessionExpirySeconds ?? 7 * 24 * 3600 } : undefined,
    };
    const client = connect(this.options.url, options);
    // Nagle would hold a lone alert (or a PUBLISH behind an unacknowledged segment) for up to ~40 ms.
    (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.client = client;
    let failure: Error | null = null;
    client.on('error', (err) => {
      failure = err;
    });
    client.on('connect', (connack) => {
      if (generation === this.generation) this.onConnect(client, connack, version);
    });
    client.on('close', () => {
      if (generation === this.generation) this.onClose(client, version, failure);
    });
  }

  private onConnect(client: MqttClient, connack: IConnackPacket, version: 4 | 5): void {
    const props = connack.properties ?? {};
    const cap = this.options.maxPacketBytes ?? MAX_PACKET;
    this.linkInfo = {
      protocolVersion: version,
      maximumPacketSize: Math.min(cap, props.maximumPacketSize ?? MAX_PACKET),
      receiveMaximum: props.receiveMaximum ?? 65_535,
      sessionPresent: connack.sessionPresent,
    };
    this.onlineSince = this.now();
    this.birthAcked = false;
    const generation = this.generation;
    client.publish(this.statusTopic, gatewayStatusPayload('online', this.onlineSince), { qos: 1, retain: true }, (err) => {
      if (err || generation !== this.generation) return;
      this.birthAcked = true;
      this.emit('ready');
    });
    this.log.info({ host: this.broker.host, ...this.linkInfo }, 'hub link online');
    this.emit('online', this.linkInfo);
  }

  private onClose(client: MqttClient, version: 4 | 5, failure: Error | null): void {
    const wasOnline = this.linkInfo !== null;
    this.linkInfo = null;
    this.birthAcked = false;
    this.client = null;
    this.generation += 1;
    client.removeAllListeners();
    client.on('error', () => {});
    client.end(true);
    if (wasOnline) {
      if (this.now() - this.onlineSince >= (this.options.stableAfterMs ?? 10_000)) this.backoff.reset();
      this.log.warn({ host: this.broker.host, cause: failure?.message ?? 'connection closed' }, 'hub link offline');
      this.emit('offline', { reason: failure?.message ?? 'connection closed' });
    }
    if (!this.running) return;
    const code = (failure as (Error & { code?: unknown }) | null)?.code;
    if (!wasOnline && version === 5 && this.options.protocol !== 5 && isUnsupportedProtocol(code)) {
      this.version = 4;
      this.log.info({ host: this.broker.host }, 'broker refused MQTT 5; using MQTT 3.1.1 from now on');
      this.retryTimer = this.timers.setTimeout(() => this.connectOnce(), 0);
      return;
    }
    const delayMs = this.backoff.next();
    if (!wasOnline) {
      const error = classifyConnectError(failure ?? new Error('connection closed before CONNACK'), { host: this.broker.host, username: this.baseOptions?.username });
      this.log.warn({ code: error.code, host: this.broker.host, retryInMs: delayMs, attempt: this.backoff.attempts }, error.message);
      this.emit('failure', error);
    }
    this.retryTimer = this.timers.setTimeout(() => this.connectOnce(), delayMs);
  }
}

/** Waits for `start(done)` to call back, but at most `ms`: a dead broker must not hang the shutdown. */
function withTimeout(ms: number, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    start(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
