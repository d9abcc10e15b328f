/**
 * The built daemon as a user runs it: a configuration with mistakes is refused with every key
 * named (exit 2); with the hub unreachable it stores what the devices send, SIGTERM exits 0 within
 * seconds, `clinic-edge queue` shows the backlog, and the next run delivers every seq once the hub
 * is back. Patient identifiers sent by the HL7 monitor never reach the logs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../firmware-sim/index.js';
import { cliPath, DaemonProcess, freePort, sleep, storedIds, Subscriber, tempDir, writeConfig } from '../bench/gateway/e2e.js';
import { Mosquitto, mosquittoAvailable } from './support/mosquitto.js';

const built = existsSync(cliPath());
if (!built) console.warn('daemon tests: skipped (build first: npx tsc -b tsconfig.build.json)');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('clinic-edge run: configuration errors', () => {
  const tmp = tempDir('clinic-edge-daemon-cfg-');
  afterAll(() => tmp.remove());

  it('exits 2 and names every mistake with its key and what to write', () => {
    const file = path.join(tmp.dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        siteId: 'van 7',
        devices: [{ id: 'ecg-1', protocol: 'ad8232', port: '/dev/ttyUSB0', baud: 115201, sampleRate: 250 }],
        hub: { url: 'mqtt://127.0.0.1:1883' },
        store: { path: 'x.db', maxAgeMs: -1 },
      }),
    );
    const r = cli('run', '--config', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/3 problems/);
    expect(r.stderr).toMatch(/\/siteId: .*found "van 7".*no '\/', '\+', '#', spaces/);
    expect(r.stderr).toMatch(/\/devices\/0\/baud: must be one of .*found 115201.*115200/);
    expect(r.stderr).toMatch(/\/store\/maxAgeMs: must be >= 60000 \(found -1\)/);
    expect(existsSync(path.join(tmp.dir, 'x.db'))).toBe(false); // nothing opened
  });

  it('queue refuses a path with no outbox instead of creating one', () => {
    const r = cli('queue', '--db', path.join(tmp.dir, 'none.db'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no outbox at/);
    expect(existsSync(path.join(tmp.dir, 'none.db'))).toBe(false);
  });
});

describe.skipIf(!built || !mosquittoAvailable())('clinic-edge run: outage, SIGTERM and restart', () => {
  const tmp = tempDir('clinic-edge-daemon-');
  const sims: Simulator[] = [];
  let broker: Mosquitto | null = null;
  let sub: Subscriber | null = null;
  afterAll(async () => {
    await sub?.stop();
    for (const s of sims) await s.stop();
    await broker?.dispose();
    tmp.remove();
  });

  it('stores while the hub is away, exits 0 on SIGTERM, shows the backlog, then delivers every seq', async () => {
    const brokerPort = await freePort();
    const mllpPort = await freePort();
    const db = path.join(tmp.dir, 'outbox.db');
    const ecg = createSimulator({ protocol: 'openview', tcp: 0, heartRate: 70, rate: 250 });
    await ecg.start();
    sims.push(ecg);
    const config = writeConfig(path.join(tmp.dir, 'gateway.json'), {
      site: 'site-d',
      brokerPort,
      dbPath: db,
      level: 'debug', // the most verbose the daemon gets
      devices: [
        { id: 'ecg-1', protocol: 'openview', port: ecg.endpoint.address, sampleRate: 250 },
        { id: 'monitor-1', protocol: 'hl7-mllp', listenPort: mllpPort },
      ],
    });
    const first = new DaemonProcess(config);
    await first.waitFor('gateway started');
    const monitor = createSimulator({ protocol: 'hl7', tcp: mllpPort, interval: 0.5 });
    await monitor.start();
    sims.push(monitor);
    await sleep(4000);
    first.kill('SIGTERM');
    const t0 = Date.now();
    const end = await first.exited;
    expect(end.code, first.output).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
    // The monitor's PID segment (DOE^JANE, MR SIM0001) must not appear anywhere in the logs.
    for (const secret of ['DOE', 'JANE', 'SIM0001']) expect(first.output).not.toContain(secret);

    const q = cli('queue', '--db', db, '--json');
    expect(q.status, q.stderr).toBe(0);
    const stats = JSON.parse(q.stdout);
    expect(stats.byStream.waveform.messages).toBeGreaterThan(2);
    expect(stats.byStream.vitals.messages).toBeGreaterThan(2);
    expect(stats.byStream.waveform.oldestAgeMs).toBeGreaterThan(2000);
    const text = cli('queue', '--db', db);
    expect(text.stdout).toMatch(/waveform\s+2\s+\d+/);
    const backlog = storedIds(db);

    // The hub comes back; the devices are gone. The next run sends the backlog, in order, once.
    for (const s of sims.splice(0)) await s.stop();
    broker = await Mosquitto.start({ port: brokerPort });
    sub = new Subscriber(broker.url, 'site-d');
    await sub.start();
    const second = new DaemonProcess(config);
    for (let i = 0; i < 100 && !backlog.every((id) => sub!.firstById.has(id)); i++) await sleep(100);
    second.kill('SIGTERM');
    expect((await second.exited).code, second.output).toBe(0);
    const missing = backlog.filter((id) => !sub!.firstById.has(id));
    expect(missing).toEqual([]);
    for (const [stream, gaps] of sub.gaps(storedIds(db))) expect(gaps, stream).toEqual([]);
    // Per stream, the backlog arrived in seq order.
    const order = new Map<string, number>();
    for (const m of sub.messages) {
      const key = `${m.device}/${m.stream}`;
      expect(m.seq, key).toBeGreaterThan(order.get(key) ?? 0);
      order.set(key, m.seq);
    }
  }, 60_000);
});
