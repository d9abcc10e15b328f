import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeviceSource, SAMPLE_OK, type DeviceConfig, type DeviceStatus, type EcgBlock, type VitalsReading } from '@clinic-edge/gateway';
import { createSimulator, RecordEcgSource, socatAvailable, type Simulator } from '../firmware-sim/index.js';

// Real parts: socat makes a real pseudo-terminal, the simulator writes the device's bytes into it, and
// the gateway reads it through node-serialport like any USB serial adapter.
const socat = socatAvailable();
if (!socat) console.warn('serial-pty: skipped, socat is not installed (apt-get install socat)');

let dir: string;
const running: { sim?: Simulator; source?: DeviceSource }[] = [];
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-pty-'));
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.source?.stop();
    await r.sim?.stop();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function pair(protocol: 'masimo' | 'openview', device: Partial<DeviceConfig> = {}) {
  const ptyPath = path.join(dir, `${protocol}-${running.length}-${Date.now()}`);
  const sim = createSimulator({ protocol, pty: ptyPath });
  await sim.start();
  const source = new DeviceSource({ id: `${protocol}-1`, protocol, port: ptyPath, sampleRate: 360, backoff: { initialMs: 100, maxMs: 800 }, ...device });
  running.push({ sim, source });
  const statuses: DeviceStatus[] = [];
  const readings: VitalsReading[] = [];
  const blocks: EcgBlock[] = [];
  source.on('status', (s) => statuses.push(s));
  source.on('vitals', (r) => readings.push(r));
  source.on('ecg', (b) => blocks.push(b));
  source.start();
  return { sim, source, statuses, readings, blocks, ptyPath };
}

/** The record's samples as the board encodes them (counts), to align what the gateway received. */
function expectedCounts(n: number): Int32Array {
  const src = new RecordEcgSource(path.resolve(import.meta.dirname, 'fixtures', 'mitdb', '119'));
  const mv = new Float64Array(n);
  src.next(mv);
  src.close();
  return Int32Array.from(mv, (v) => Math.round(v * 200));
}

describe.skipIf(!socat)('device source on a real pty (socat) fed by a simulator', () => {
  it('Masimo: lines arrive decoded, one per second', async () => {
    const t = await pair('masimo');
    await until('two readings', () => t.readings.length >= 2);
    expect(t.statuses[0]).toMatchObject({ state: 'online' });
    const r = t.readings[1];
    expect(r.sensorOff).toBe(false);
    expect(r.vitals.find((v) => v.kind === 'spo2')?.value).toBeGreaterThanOrEqual(96);
    expect(r.vitals.find((v) => v.kind === 'pulseRate')?.value).toBeGreaterThanOrEqual(71);
    expect(t.source.counters().framesBad).toBe(0);
  });

  it('OpenView: garbage between frames is counted and logged, and no good frame around it is lost', async () => {
    const warns: object[] = [];
    const logger = { debug() {}, info() {}, error() {}, warn: (o: object) => void warns.push(o) };
    const ptyPath = path.join(dir, `ov-garbage-${Date.now()}`);
    const sim = createSimulator({ protocol: 'openview', pty: ptyPath, seed: 7 });
    await sim.start();
    const source = new DeviceSource({ id: 'ecg-1', protocol: 'openview', port: ptyPath, sampleRate: 360, garbleLogIntervalMs: 0 }, { logger });
    running.push({ sim, source });
    const received: number[] = [];
    source.on('ecg', (b) => {
      for (let i = 0; i < b.length; i++) if (b.quality[i] === SAMPLE_OK) received.push(b.adc[0][i]);
    });
    source.start();
    await until('ECG samples', () => received.length > 360);
    for (let i = 0; i < 5; i++) {
      sim.injectGarbage(40);
      await new Promise((r) => setTimeout(r, 150));
    }
    const board = sim.device as unknown as { samplesSent: number };
    await until('samples after the garbage', () => received.length > 2 * 360);
    sim.silence(60_000);
    const sent = board.samplesSent; // written before the silence (samples made during it are thrown away)
    await new Promise((r) => setTimeout(r, 300)); // what was written has been read
    const expected = expectedCounts(sent + 10);
    // Align on the first 30 received samples, then every later one must follow without a gap.
    const first = received.slice(0, 30).join(',');
    let k0 = -1;
    for (let k = 0; k + 30 <= expected.length && k0 < 0; k++) if (Array.from(expected.subarray(k, k + 30)).join(',') === first) k0 = k;
    expect(k0).toBeGreaterThanOrEqual(0);
    expect(received).toEqual(Array.from(expected.subarray(k0, k0 + received.length)));
    expect(k0 + received.length).toBeGreaterThan(sent - 20); // all but the last tick's frames read
    const c = source.counters();
    expect(c.bytesDiscarded).toBeGreaterThanOrEqual(5 * 40 - 10); // noise bytes that looked like a start get their own count
    expect(c.resyncs).toBeGreaterThanOrEqual(5);
    expect(warns.length).toBeGreaterThanOrEqual(1);
    expect(warns[0]).toMatchObject({ device: 'ecg-1', protocol: 'openview' });
  });

  it('unplug and replug: the source goes offline, retries with backoff, and comes back by itself', async () => {
    const t = await pair('masimo');
    await until('online', () => t.source.state === 'online');
    await t.sim.unplug();
    await until('offline', () => t.statuses.some((s) => s.state === 'offline'));
    await until('two retries', () => t.statuses.filter((s) => s.state === 'reconnecting').length >= 2);
    const n = t.readings.length;
    await t.sim.replug();
    await until('readings after replug', () => t.readings.length > n && t.source.state === 'online');
    const states = t.statuses.map((s) => s.state);
    expect(states[0]).toBe('online');
    expect(states[1]).toBe('offline');
    expect(t.statuses[1].reason).toMatch(/went away/);
    expect(states.at(-1)).toBe('online');
    const delays = t.statuses.filter((s) => s.state === 'reconnecting').map((s) => s.delayMs!);
    expect(delays[1]).toBeGreaterThan(delays[0] * 0.69); // grows: 100 ms then 200 ms, each less up to 30 % jitter
  });

  it('watchdog: a silent device goes offline, and online again when it talks', async () => {
    const t = await pair('openview', { silenceMs: 500 });
    await until('online', () => t.source.state === 'online');
    t.sim.silence(1500);
    await until('offline', () => t.source.state === 'offline');
    expect(t.statuses.at(-1)?.reason).toMatch(/no valid data/);
    await until('online again', () => t.source.state === 'online', 5000);
    expect(t.blocks.at(-1)?.discontinuity).toBe(false); // the port stayed open: same stream
  });
});
