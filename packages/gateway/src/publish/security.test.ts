import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HubLink } from './hub-link.js';
import { assertEncryptedOrLoopback, isLoopback, parseBrokerUrl, readCredentials, readTls } from './security.js';

describe('plain text only on loopback', () => {
  it('knows loopback names and addresses', () => {
    for (const h of ['localhost', '127.0.0.1', '127.5.6.7', '::1', 'a.localhost']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['10.0.0.2', 'hub.example.org', '192.168.1.1', '::2', 'localhost.example.org', '128.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('refuses mqtt:// to another host with E_MQTT_INSECURE naming allowInsecure, unless allowed', () => {
    expect(() => new HubLink({ url: 'mqtt://hub.example.org:1883', site: 's' })).toThrow(expect.objectContaining({ code: 'E_MQTT_INSECURE', message: expect.stringContaining('allowInsecure: true') }));
    expect(() => new HubLink({ url: 'ws://10.1.2.3/mqtt', site: 's' })).toThrow(expect.objectContaining({ code: 'E_MQTT_INSECURE' }));
    expect(() => new HubLink({ url: 'mqtt://hub.example.org:1883', site: 's', allowInsecure: true })).not.toThrow();
    expect(() => new HubLink({ url: 'mqtt://127.0.0.1:1883', site: 's' })).not.toThrow();
    expect(() => new HubLink({ url: 'mqtt://[::1]:1883', site: 's' })).not.toThrow();
    expect(() => new HubLink({ url: 'mqtts://hub.example.org:8883', site: 's' })).not.toThrow();
    expect(() => assertEncryptedOrLoopback(parseBrokerUrl('tcp://8.8.8.8'), false)).toThrow(/unencrypted/);
  });

  it('refuses credentials in the URL, unknown schemes and tls on a plain URL', () => {
    expect(() => parseBrokerUrl('mqtts://site:secret@hub:8883')).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
    expect(() => parseBrokerUrl('mqtts://site:secret@hub:8883')).not.toThrow(/secret/);
    expect(() => parseBrokerUrl('http://hub')).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
    expect(() => parseBrokerUrl('not a url')).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
    expect(() => new HubLink({ url: 'mqtt://127.0.0.1', site: 's', tls: { caFile: 'x' } })).toThrow(/mqtts/);
    expect(() => new HubLink({ url: 'mqtts://hub', site: 'a/b' })).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
  });

  it('the constructor touches no file: a missing CA is reported by start()', () => {
    const link = new HubLink({ url: 'mqtts://hub.example.org', site: 's', tls: { caFile: '/nonexistent/ca.crt' } });
    expect(() => link.start()).toThrow(expect.objectContaining({ code: 'E_MQTT_TLS' }));
  });
});

describe('credentials from a file or the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-edge-cred-'));

  it('reads the first line of the password file', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 's3cret with spaces\nignored\n');
    const c = readCredentials({ username: 'site-a', passwordFile: file }, {});
    expect(c).toEqual({ username: 'site-a', password: Buffer.from('s3cret with spaces') });
  });

  it('reads the variables named in the options, the user variable overriding username', () => {
    const c = readCredentials({ username: 'x', usernameEnv: 'U', passwordEnv: 'P' }, { U: 'site-b', P: 'pw' });
    expect(c).toEqual({ username: 'site-b', password: Buffer.from('pw') });
  });

  it('says which file or variable is missing, and never the password', () => {
    expect(() => readCredentials({ username: 'a', passwordFile: join(dir, 'none') }, {})).toThrow(expect.objectContaining({ code: 'E_MQTT_CREDENTIALS', message: expect.stringContaining('passwordFile') }));
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(() => readCredentials({ username: 'a', passwordFile: empty }, {})).toThrow(/empty/);
    expect(() => readCredentials({ username: 'a', passwordEnv: 'PW' }, {})).toThrow(expect.objectContaining({ code: 'E_MQTT_CREDENTIALS', message: expect.stringContaining('PW') }));
    expect(() => readCredentials({ passwordEnv: 'PW' }, { PW: 'hunter2' })).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
    try {
      readCredentials({ passwordEnv: 'PW' }, { PW: 'hunter2' });
    } catch (err) {
      expect(String((err as Error).message) + JSON.stringify((err as { context: unknown }).context)).not.toContain('hunter2');
    }
  });

  it('no password configured means anonymous', () => {
    expect(readCredentials({}, { PW: 'x' })).toEqual({ username: undefined, password: undefined });
  });

  it('certificate and key go together', () => {
    expect(() => readTls({ caFile: 'ca', certFile: 'c' })).toThrow(expect.objectContaining({ code: 'E_MQTT_CONFIG' }));
  });
});
