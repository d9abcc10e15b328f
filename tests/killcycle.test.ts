/**
 * SIGKILL the daemon in the middle of a stream and restart it, 20 times, with a real Mosquitto, a
 * simulated ECG board (firmware-sim, OpenView packets playing MIT-BIH 119 at its real rate over
 * tcp://) and a pulse oximeter whose alarm flips every few lines (alerts, vitals, status): the
 * subscriber sees every sequence number of every stream at least once, a duplicate carries the same
 * id and bytes, and a final SIGTERM exits 0 and loses nothing. Runs the BUILT command (npm test builds).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../firmware-sim/index.js';
import { AlarmOximeter, cliPath, DaemonProcess, sleep, storedIds, Subscriber, tempDir, writeConfig } from '../bench/gateway/e2e.js';
import { Mosquitto, mosquittoAvailable } from './support/mosquitto.js';

const ready = mosquittoAvailable() && existsSync(cliPath());
if (!ready) console.warn('killcycle: skipped (needs /usr/sbin/mosquitto and the built CLI: npx tsc -b tsconfig.build.json)');

const CYCLES = 20;

describe.skipIf(!ready)('daemon kill cycle', () => {
  const tmp = tempDir('clinic-edge-killcycle-');
  let broker: Mosquitto;
  let ecg: Simulator;
  let oximeter: AlarmOximeter;
  let sub: Subscriber;
  let config: string;
  const db = path.join(tmp.dir, 'outbox.db');

  beforeAll(async () => {
    broker = await Mosquitto.start();
    ecg = createSimulator({ protocol: 'openview', tcp: 0 });
    await ecg.start();
    const ecgPort = Number(/:(\d+)$/.exec(ecg.endpoint.address)![1]);
    oximeter = new AlarmOximeter({ intervalMs: 50, alarmEvery: 3 });
    await oximeter.start();
    sub = new Subscriber(broker.url, 'site-k');
    await sub.start();
    config = writeConfig(path.join(tmp.dir, 'gateway.json'), {
      site: 'site-k',
      brokerPort: broker.port,
      dbPath: db,
      devices: [
        { id: 'ecg-1', protocol: 'openview', port: `tcp://127.0.0.1:${ecgPort}`, sampleRate: 360 },
        { id: 'spo2-1', protocol: 'masimo', port: `tcp://127.0.0.1:${oximeter.port}` },
      ],
      summaryIntervalS: 1,
    });
  });

  afterAll(async () => {
    await sub?.stop();
    await ecg?.stop();
    await oximeter?.stop();
    await broker?.dispose();
    tmp.remove();
  });

  /** Resolves once the subscriber got `n` messages more than it had, or after `ms`. */
  function published(n: number, ms: number): Promise<void> {
    const target = sub.messages.length + n;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve();
      }, ms);
      const off = sub.onReceive(() => {
        if (sub.messages.length < target) return;
        clearTimeout(timer);
        off();
        resolve();
      });
    });
  }

  it(`loses nothing over ${CYCLES} SIGKILLs mid-stream, and a SIGTERM exits 0`, async () => {
    let seed = 12345;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const daemon = new DaemonProcess(config);
      await published(5, 5000); // it is up and publishing
      seed = (seed * 1103515245 + 12345) >>> 0;
      await sleep(200 + (seed % 3800)); // sometimes long enough for summaries (the analyzer decides a few seconds late)
      daemon.kill('SIGKILL');
      const { signal } = await daemon.exited;
      expect(signal, daemon.output).toBe('SIGKILL');
    }
    // The last run ends cleanly.
    const last = new DaemonProcess(config);
    await published(5, 5000);
    await sleep(8000);
    last.kill('SIGTERM');
    const started = Date.now();
    const end = await last.exited;
    expect(end.code, last.output).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);

    // Whatever the last run stored and had no time to publish is still in the file: not lost.
    const stored = storedIds(db);
    const gaps = sub.gaps(stored);
    const streams = [...gaps.keys()].sort();
    expect(streams).toEqual(
      expect.arrayContaining(['site-k/ecg-1/status', 'site-k/ecg-1/summary', 'site-k/ecg-1/waveform', 'site-k/spo2-1/alerts', 'site-k/spo2-1/status', 'site-k/spo2-1/vitals']),
    );
    for (const [stream, missing] of gaps) expect(missing, `${stream} missing seqs`).toEqual([]);
    expect(sub.mismatched, 'ids that came twice with different bytes').toEqual([]);
    const alerts = sub.messages.filter((m) => m.stream === 'alerts').length;
    expect(alerts).toBeGreaterThan(CYCLES);
    console.log(`killcycle: ${sub.firstById.size} distinct messages over ${streams.length} streams, ${sub.duplicates} duplicates (same bytes), ${stored.length} still stored after SIGTERM`);
  }, 150_000);
});
