import { ConfigError, loadConfig, loadSchema, toDeviceConfig, validateAgainstSchema } from '@clinic-edge/gateway';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(tmpdir(), 'clinic-edge-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function write(doc: unknown): string {
  const file = path.join(dir, `c${n++}.json`);
  writeFileSync(file, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return file;
}

const good = {
  siteId: 'van-07',
  devices: [{ id: 'ecg-1', protocol: 'ad8232', port: 'tcp://127.0.0.1:4001', sampleRate: 250 }],
  hub: { url: 'mqtt://127.0.0.1:1883' },
  store: { path: 'outbox.db' },
};

function problemsOf(file: string, env: Record<string, string> = {}): { pointer: string; value: unknown; why: string; fix: string }[] {
  try {
    loadConfig(file, { env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('E_CONFIG');
    return [...(err as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('gateway configuration', () => {
  it('reports three mistakes together, each with its key, value, why and what to write', () => {
    const file = write({
      ...good,
      devices: [{ id: 'ecg-1', protocol: 'masimo2', port: '/dev/ttyUSB0' }],
      hub: { url: 'mqtt://127.0.0.1:1883', allowInsecure: 'yes' },
      store: { path: 'outbox.db', maxBytes: 1000 },
    });
    const problems = problemsOf(file);
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/devices/0/protocol', '/hub/allowInsecure', '/store/maxBytes']);
    const protocol = problems.find((p) => p.pointer === '/devices/0/protocol')!;
    expect(protocol.value).toBe('masimo2');
    expect(protocol.why).toMatch(/one of "masimo", "openview", "hl7-mllp", "ad8232"/);
    expect(protocol.fix).toMatch(/masimo/);
    expect(problems.find((p) => p.pointer === '/store/maxBytes')!.why).toMatch(/>= 1048576/);
    let message = '';
    try {
      loadConfig(file, { env: {} });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/3 problems/);
    for (const key of ['/devices/0/protocol', '/hub/allowInsecure', '/store/maxBytes']) expect(message).toContain(key);
  });

  it('mixes schema errors with cross-key errors in one report, each key once', () => {
    const problems = problemsOf(
      write({
        ...good,
        siteId: 'van/07',
        devices: [
          { id: 'ecg-1', protocol: 'ad8232', port: '/dev/ttyUSB0' },
          { id: 'ecg-1', protocol: 'masimo', port: '/dev/ttyUSB1', sampleRate: 250 },
        ],
        hub: { url: 'mqtt://hub.example.org:1883', username: 'van', passwordEnv: 'HUB_PW' },
      }),
    );
    expect(problems.map((p) => p.pointer).sort()).toEqual(['/devices/0/sampleRate', '/devices/1/id', '/devices/1/sampleRate', '/hub/passwordEnv', '/hub/url', '/siteId']);
    expect(problems.find((p) => p.pointer === '/hub/url')!.fix).toMatch(/mqtts:\/\/|allowInsecure/);
  });

  it('refuses a password in the file and says where secrets go; suggests the key a typo meant', () => {
    const { store: _store, ...noStore } = good;
    const problems = problemsOf(write({ ...noStore, hub: { url: 'mqtt://127.0.0.1:1883', username: 'u', password: 'hunter2' }, stor: {} }));
    const pw = problems.find((p) => p.pointer === '/hub/password')!;
    expect(pw.fix).toMatch(/passwordFile.*passwordEnv/);
    expect(JSON.stringify(problems)).not.toContain('hunter2');
    const typo = problems.find((p) => p.pointer === '/stor')!;
    expect(typo.fix).toMatch(/did you mean "store"/);
    expect(problems.some((p) => p.pointer === '/store' && p.why === 'is required')).toBe(true);
  });

  it('applies the documented defaults and resolves paths from the file folder', () => {
    const file = write(good);
    const c = loadConfig(file, { env: {} });
    expect(c.version).toBe(1);
    expect(c.store).toEqual({ path: path.join(dir, 'outbox.db'), maxBytes: 268435456, maxAgeMs: 1209600000 });
    expect(c.pipeline).toEqual({ summaryIntervalS: 10, frameSeconds: 1, mains: 'auto' });
    expect(c.logging).toEqual({ level: 'info' });
    expect(c.hub.allowInsecure).toBe(false);
    expect(c.hub.rate).toEqual({ burstSeconds: 1 });
  });

  it('takes the drop guard\'s thresholds when given (the guard\'s own defaults otherwise) and names a wrong one', () => {
    expect(loadConfig(write(good), { env: {} }).hub.dropGuard).toBeUndefined();
    const tuned = loadConfig(write({ ...good, hub: { ...good.hub, dropGuard: { deadAfterQuickDrops: 6, quickDropMs: 3000 } } }), { env: {} });
    expect(tuned.hub.dropGuard).toEqual({ deadAfterQuickDrops: 6, quickDropMs: 3000 });
    const bad = problemsOf(write({ ...good, hub: { ...good.hub, dropGuard: { deadAfterQuickDrops: -1, quickDropMs: 1.5, calmsMs: 1000 } } }));
    expect(bad.map((p) => p.pointer).sort()).toEqual(['/hub/dropGuard/calmsMs', '/hub/dropGuard/deadAfterQuickDrops', '/hub/dropGuard/quickDropMs']);
    expect(bad.find((p) => p.pointer === '/hub/dropGuard/deadAfterQuickDrops')?.fix).toMatch(/0 turns the guard off/);
  });

  it('checks that the password file exists and the password variable is set', () => {
    const withFile = write({ ...good, hub: { url: 'mqtt://127.0.0.1:1883', username: 'u', passwordFile: 'missing-pw' } });
    expect(problemsOf(withFile).map((p) => [p.pointer, p.why])).toEqual([['/hub/passwordFile', 'no such file']]);
    const withEnv = write({ ...good, hub: { url: 'mqtt://127.0.0.1:1883', username: 'u', passwordEnv: 'HUB_PW' } });
    expect(loadConfig(withEnv, { env: { HUB_PW: 'x' } }).hub.passwordEnv).toBe('HUB_PW');
  });

  it('names the file problem when the file is missing or not JSON', () => {
    expect(problemsOf(path.join(dir, 'nope.json'))[0].why).toMatch(/does not exist/);
    expect(problemsOf(write('{ "siteId": "x", }'))[0].why).toMatch(/not valid JSON/);
  });

  it('takes pacedPatient on an ECG device, and names a wrong value or a device it does not apply to', () => {
    const paced = loadConfig(write({ ...good, devices: [{ ...good.devices[0], pacedPatient: true }] }), { env: {} });
    expect(paced.devices[0].pacedPatient).toBe(true);
    expect(loadConfig(write(good), { env: {} }).devices[0].pacedPatient).toBeUndefined(); // not paced
    const wrong = problemsOf(write({ ...good, devices: [{ ...good.devices[0], pacedPatient: 'yes' }] }));
    expect(wrong.map((p) => [p.pointer, p.fix])).toEqual([['/devices/0/pacedPatient', 'true or false']]);
    const oximeter = problemsOf(write({ ...good, devices: [...good.devices, { id: 'spo2', protocol: 'masimo', port: '/dev/ttyUSB1', pacedPatient: true }] }));
    expect(oximeter.map((p) => p.pointer)).toEqual(['/devices/1/pacedPatient']);
    expect(oximeter[0].why).toMatch(/ECG devices only/);
  });

  it('the example configuration satisfies the schema, and hl7-mllp listenPort maps to the serial layer', () => {
    const example = JSON.parse(readFileSync(path.join(__dirname, '../config/gateway.example.json'), 'utf8'));
    expect(validateAgainstSchema(loadSchema(), example)).toEqual([]);
    expect(toDeviceConfig({ id: 'm', protocol: 'hl7-mllp', listenPort: 2575 })).toEqual({ id: 'm', protocol: 'hl7', port: 'mllp://0.0.0.0:2575' });
  });
});
