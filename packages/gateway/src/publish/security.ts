import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { PublishError } from './errors.js';

const SECURE = new Set(['mqtts:', 'ssl:', 'tls:', 'wss:']);
const PLAIN = new Set(['mqtt:', 'tcp:', 'ws:']);

export interface BrokerUrl {
  url: string;
  host: string;
  secure: boolean;
}

/** Parses and checks the broker URL; throws E_MQTT_CONFIG naming `url` for anything mqtt.js would misread. */
export function parseBrokerUrl(url: string): BrokerUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new PublishError('E_MQTT_CONFIG', `url is not a URL: ${JSON.stringify(url)}; write e.g. mqtts://hub.example.org:8883`, { url }, { cause });
  }
  if (!SECURE.has(parsed.protocol) && !PLAIN.has(parsed.protocol)) {
    throw new PublishError('E_MQTT_CONFIG', `url scheme ${parsed.protocol} is not one of mqtts:, mqtt:, wss:, ws:`, { url });
  }
  if (parsed.username || parsed.password) {
    // Credentials in the URL end up in configs, process lists and logs; they come from a file or the environment.
    throw new PublishError('E_MQTT_CONFIG', 'url must not carry a username or password; use username and passwordFile/passwordEnv', {});
  }
  return { url, host: parsed.hostname.replace(/^\[|\]$/g, ''), secure: SECURE.has(parsed.protocol) };
}

/** True for names and addresses that never leave this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

/** Refuses a plain-text connection leaving the machine (patient data and passwords in clear) unless allowed. */
export function assertEncryptedOrLoopback(broker: BrokerUrl, allowInsecure: boolean): void {
  if (broker.secure || allowInsecure || isLoopback(broker.host)) return;
  throw new PublishError(
    'E_MQTT_INSECURE',
    `refusing an unencrypted connection to ${broker.host}: use an mqtts:// URL with tls.caFile, or set allowInsecure: true if this network is trusted`,
    { host: broker.host, setting: 'allowInsecure' },
  );
}

export interface CredentialOptions {
  /** Not a secret (usually the site name); `usernameEnv` overrides it when that variable is set. */
  username?: string;
  usernameEnv?: string;
  /** File holding the password (first line; trailing newline ignored). Prefer mode 0600. */
  passwordFile?: string;
  /** Name of the environment variable holding the password (not the password itself). */
  passwordEnv?: string;
}

export interface Credentials {
  username?: string;
  password?: Buffer;
}

/** Reads username and password from the file or environment named in the options. Never logs them. */
export function readCredentials(o: CredentialOptions, env: Readonly<Record<string, string | undefined>>): Credentials {
  const username = (o.usernameEnv && env[o.usernameEnv]) || o.username;
  let password: string | undefined;
  if (o.passwordFile !== undefined) {
    try {
      password = readFileSync(o.passwordFile, 'utf8').split(/\r?\n/)[0];
    } catch (cause) {
      throw new PublishError('E_MQTT_CREDENTIALS', `cannot read passwordFile ${o.passwordFile}: ${(cause as Error).message}`, { passwordFile: o.passwordFile }, { cause });
    }
    if (!password) throw new PublishError('E_MQTT_CREDENTIALS', `passwordFile ${o.passwordFile} is empty`, { passwordFile: o.passwordFile });
  } else if (o.passwordEnv !== undefined) {
    password = env[o.passwordEnv];
    if (!password) throw new PublishError('E_MQTT_CREDENTIALS', `environment variable ${o.passwordEnv} (passwordEnv) is not set or empty`, { passwordEnv: o.passwordEnv });
  }
  if (password !== undefined && !username) {
    throw new PublishError('E_MQTT_CONFIG', 'a password was given without a username: set username or usernameEnv', {});
  }
  return { username, password: password === undefined ? undefined : Buffer.from(password) };
}

export interface TlsOptions {
  /** PEM file of the CA that signed the hub's certificate. */
  caFile: string;
  /** Client certificate and key (PEM), for hubs that authenticate gateways by certificate. */
  certFile?: string;
  keyFile?: string;
  /** Name to verify the hub's certificate against when it differs from the URL's host. */
  servername?: string;
}

export interface TlsMaterial {
  ca: Buffer;
  cert?: Buffer;
  key?: Buffer;
  servername?: string;
}

export function readTls(o: TlsOptions): TlsMaterial {
  if ((o.certFile === undefined) !== (o.keyFile === undefined)) {
    throw new PublishError('E_MQTT_CONFIG', 'tls.certFile and tls.keyFile go together: set both or neither', { certFile: o.certFile, keyFile: o.keyFile });
  }
  const read = (key: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (cause) {
      throw new PublishError('E_MQTT_TLS', `cannot read tls.${key} ${file}: ${(cause as Error).message}`, { [key]: file }, { cause });
    }
  };
  return {
    ca: read('caFile', o.caFile),
    cert: o.certFile === undefined ? undefined : read('certFile', o.certFile),
    key: o.keyFile === undefined ? undefined : read('keyFile', o.keyFile),
    servername: o.servername,
  };
}
