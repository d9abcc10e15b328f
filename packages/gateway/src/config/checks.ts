/**
 * What the schema cannot say: rules across keys, and facts outside the file (the files it names
 * exist, the password variable is set). Each returns problems in the same shape as the schema's.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { isLoopback } from '../publish/security.js';
import type { ConfigProblem } from './errors.js';
import type { GatewayConfig } from './types.js';

const ECG = new Set(['ad8232', 'openview']);

export function crossChecks(c: GatewayConfig, env: Readonly<Record<string, string | undefined>>, baseDir: string): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  c.devices.forEach((d, i) => {
    const at = `/devices/${i}`;
    const first = seen.get(d.id);
    if (first !== undefined) out.push({ pointer: `${at}/id`, value: d.id, why: `is already used by /devices/${first}`, fix: 'give every device its own id, e.g. "ecg-2"' });
    else seen.set(d.id, i);
    if (d.protocol === 'hl7-mllp') {
      if (d.port === undefined && d.listenPort === undefined) out.push({ pointer: `${at}/listenPort`, value: undefined, why: 'an hl7-mllp device needs listenPort (or port)', fix: 'add "listenPort": 2575, or "port": "tcp://HOST:PORT" / a serial path' });
      if (d.port !== undefined && d.listenPort !== undefined) out.push({ pointer: `${at}/port`, value: d.port, why: 'port and listenPort both set', fix: 'keep one: listenPort to listen for the monitor, port to connect to it or read a serial line' });
    } else {
      if (d.port === undefined) out.push({ pointer: `${at}/port`, value: undefined, why: 'is required', fix: 'a device path such as /dev/ttyUSB0, or tcp://192.168.1.20:4001' });
      if (d.listenPort !== undefined) out.push({ pointer: `${at}/listenPort`, value: d.listenPort, why: `only hl7-mllp devices listen; ${d.protocol} is read from a port`, fix: 'remove listenPort and set port' });
      if (d.port?.startsWith('mllp://')) out.push({ pointer: `${at}/port`, value: d.port, why: `mllp:// listens for HL7 monitors; ${d.protocol} is not one`, fix: 'a device path such as /dev/ttyUSB0, or tcp://HOST:PORT' });
    }
    if (d.port !== undefined && /^[a-z]+:\/\//i.test(d.port) && !/^(tcp|mllp):\/\/[^:/]+:\d{1,5}\/?$/i.test(d.port)) {
      out.push({ pointer: `${at}/port`, value: d.port, why: 'is not a device path, tcp://HOST:PORT or mllp://HOST:PORT', fix: 'e.g. tcp://192.168.1.20:4001' });
    }
    if (d.protocol === 'ad8232' && d.sampleRate === undefined) out.push({ pointer: `${at}/sampleRate`, value: undefined, why: 'is required for ad8232 (the board does not send it)', fix: 'the rate the sketch samples at, e.g. 250' });
    if (!ECG.has(d.protocol)) {
      for (const key of ['sampleRate', 'gain', 'baseline', 'adcMax', 'pacedPatient'] as const) {
        if (d[key] !== undefined) out.push({ pointer: `${at}/${key}`, value: d[key], why: `applies to ECG devices only, not ${d.protocol}`, fix: `remove ${key}` });
      }
    }
  });
  checkHub(c, env, baseDir, out);
  return out;
}

function checkHub(c: GatewayConfig, env: Readonly<Record<string, string | undefined>>, baseDir: string, out: ConfigProblem[]): void {
  const h = c.hub;
  let url: URL | null = null;
  try {
    url = new URL(h.url);
  } catch {
    out.push({ pointer: '/hub/url', value: h.url, why: 'is not a URL', fix: 'e.g. mqtts://hub.example.org:8883' });
  }
  if (url) {
    const secure = url.protocol === 'mqtts:' || url.protocol === 'wss:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (url.username || url.password) out.push({ pointer: '/hub/url', value: '[url with credentials]', why: 'must not carry a user name or password', fix: 'remove them from the URL; use hub.username and hub.passwordFile or hub.passwordEnv' });
    if (!secure && !h.allowInsecure && !isLoopback(host)) {
      out.push({ pointer: '/hub/url', value: h.url, why: `is unencrypted and ${host} is not this machine: patient data would travel in clear`, fix: 'use mqtts:// with hub.tls.caFile, or set hub.allowInsecure: true if this network is trusted' });
    }
    if (h.tls && !secure) out.push({ pointer: '/hub/tls', value: h.tls, why: 'is set but the URL is not encrypted', fix: 'use an mqtts:// URL, or remove tls' });
  }
  if (h.tls && (h.tls.certFile === undefined) !== (h.tls.keyFile === undefined)) {
    out.push({ pointer: h.tls.certFile === undefined ? '/hub/tls/certFile' : '/hub/tls/keyFile', value: undefined, why: 'certFile and keyFile go together', fix: 'set both, or neither' });
  }
  for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
    const file = h.tls?.[key];
    if (file !== undefined) readable(`/hub/tls/${key}`, file, baseDir, out);
  }
  if (h.passwordFile !== undefined && h.passwordEnv !== undefined) {
    out.push({ pointer: '/hub/passwordEnv', value: h.passwordEnv, why: 'passwordFile and passwordEnv are both set', fix: 'keep one of them' });
  } else if (h.passwordFile !== undefined) {
    readable('/hub/passwordFile', h.passwordFile, baseDir, out);
  } else if (h.passwordEnv !== undefined && !env[h.passwordEnv]) {
    out.push({ pointer: '/hub/passwordEnv', value: h.passwordEnv, why: `the environment variable ${h.passwordEnv} is not set or empty`, fix: `set ${h.passwordEnv} for the service (systemd: EnvironmentFile=), or use hub.passwordFile` });
  }
  if ((h.passwordFile !== undefined || h.passwordEnv !== undefined) && h.username === undefined) {
    out.push({ pointer: '/hub/username', value: undefined, why: 'a password is configured without a user name', fix: 'add "username", usually the site id' });
  }
}

function readable(pointer: string, file: string, baseDir: string, out: ConfigProblem[]): void {
  try {
    accessSync(path.resolve(baseDir, file), constants.R_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    out.push({ pointer, value: file, why: code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`, fix: 'give the path of a file the gateway user can read' });
  }
}
