import { encodeAd8232, encodeAds1292rFrame, encodeMasimoLine, type MasimoLineInput } from '@clinic-edge/devices';
import { describe, expect, it } from 'vitest';
import { DeviceSource } from './device-source.js';
import { SAMPLE_LEAD_OFF, SAMPLE_MISSING, SAMPLE_OK, type DeviceStatus, type EcgBlock, type VitalsReading } from './events.js';
import type { DeviceLogger } from './runtime.js';
import { FakeClock } from './testing/fake-time.js';
import { MemoryTransport } from './testing/memory-transport.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

function masimo(spo2: number | null, exceptions = 0): Uint8Array {
  const line: MasimoLineInput = {
    deviceTime: { year: 2024, month: 3, day: 9, hour: 10, minute: 0, second: 1 }, serialNumber: '0123456789',
    spo2, pulseRate: 72, perfusionIndex: 2.5, spco: null, spmet: null, desat: null, piDelta: null, pvi: null, alarm: 0, exceptions,
  };
  return ascii(encodeMasimoLine(line));
}

function setup(protocol: 'masimo' | 'openview' | 'ad8232', extra: { silenceMs?: number; random?: () => number } = {}) {
  const clock = new FakeClock();
  const transport = new MemoryTransport();
  const logs: { level: string; obj: object; msg?: string }[] = [];
  const log = (level: string) => (obj: object, msg?: string) => void logs.push({ level, obj, msg });
  const logger: DeviceLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const source = new DeviceSource(
    { id: 'dev-1', protocol, port: '/dev/null', silenceMs: extra.silenceMs ?? 3000, backoff: { initialMs: 500, maxMs: 8000, factor: 2, jitter: 0.5 } },
    { clock, transport, logger, random: extra.random ?? (() => 0) },
  );
  const statuses: DeviceStatus[] = [];
  const blocks: EcgBlock[] = [];
  const readings: VitalsReading[] = [];
  source.on('status', (s) => statuses.push(s));
  source.on('ecg', (b) => blocks.push(b));
  source.on('vitals', (r) => readings.push(r));
  return { clock, transport, source, statuses, blocks, readings, logs };
}

const states = (s: DeviceStatus[]): string[] => s.map((x) => x.state);

describe('DeviceSource supervision (fake time)', () => {
  it('goes online on valid data and offline after the silence limit, then online again', async () => {
    const t = setup('masimo', { silenceMs: 10_000 });
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(masimo(98));
    expect(states(t.statuses)).toEqual(['online']);
    await t.clock.advance(9_000);
    t.transport.feed(masimo(97));
    await t.clock.advance(9_999);
    expect(states(t.statuses)).toEqual(['online']);
    await t.clock.advance(1);
    expect(states(t.statuses)).toEqual(['online', 'offline']);
    expect(t.statuses[1].reason).toMatch(/no valid data for 10 s/);
    t.transport.feed(masimo(97));
    expect(states(t.statuses)).toEqual(['online', 'offline', 'online']);
    expect(t.transport.opened).toBe(1); // silence alone does not reopen the port
  });

  it('garbage alone does not keep a device online', async () => {
    const t = setup('masimo', { silenceMs: 10_000 });
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(masimo(98));
    for (let i = 0; i < 12; i++) {
      await t.clock.advance(1000);
      t.transport.feed(ascii('\x00\xff#garbage#\r\n'));
    }
    expect(states(t.statuses)).toEqual(['online', 'offline']);
    expect(t.source.counters().framesBad).toBe(12);
  });

  it('reopens a lost port with exponential backoff and jitter, and resets the backoff once data flows', async () => {
    let r = 0;
    const randoms = [0, 1, 0.5, 0, 0];
    const t = setup('masimo', { random: () => randoms[r++ % randoms.length] });
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(masimo(98));
    const delays: number[] = [];
    t.source.on('status', (s) => s.delayMs !== undefined && delays.push(s.delayMs));
    t.transport.unplug();
    await t.clock.advance(500 + 500 + 1500 + 4000 - 1);
    expect(t.transport.openAttempts).toBe(1 + 3); // the first open, then three failed reopens
    await t.clock.advance(1);
    expect(t.transport.openAttempts).toBe(1 + 4);
    // base 500, 1000, 2000, 4000, 8000 (cap) with jitter 0.5 and random 0, 1, 0.5, 0, 0
    expect(delays).toEqual([500, 500, 1500, 4000, 8000]);
    t.transport.plugged = true;
    await t.clock.advance(8000);
    expect(t.transport.opened).toBe(2);
    t.transport.feed(masimo(96));
    expect(t.statuses.at(-1)?.state).toBe('online');
    t.transport.unplug();
    expect(t.statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, delayMs: 500 });
  });

  it('closes and retries a reopened port that stays silent (a device node that outlived its device)', async () => {
    const t = setup('masimo', { silenceMs: 3000 });
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(masimo(98));
    t.transport.unplug();
    t.transport.plugged = true; // the node is back, but nothing will ever talk on it
    await t.clock.advance(500);
    expect(t.transport.opened).toBe(2);
    expect(t.transport.isOpen).toBe(true);
    await t.clock.advance(3000);
    expect(t.transport.isOpen).toBe(false);
    expect(t.statuses.at(-1)).toMatchObject({ state: 'reconnecting' });
    const attempts = t.transport.openAttempts;
    await t.clock.advance(8000);
    expect(t.transport.openAttempts).toBeGreaterThan(attempts);
    t.transport.feed(masimo(97));
    expect(t.statuses.at(-1)?.state).toBe('online');
  });

  it('stops cleanly: no timers left, no events after stop', async () => {
    const t = setup('masimo');
    t.source.start();
    await t.clock.advance(0);
    t.transport.unplug();
    await t.source.stop();
    expect(t.clock.pending()).toEqual([]);
    expect(t.statuses.at(-1)?.reason).toBe('stopped');
    const n = t.statuses.length;
    await t.clock.advance(60_000);
    expect(t.statuses.length).toBe(n);
  });

  it('logs garbled input without its bytes, at most once per interval, counting the rest', async () => {
    const t = setup('masimo');
    t.source.start();
    await t.clock.advance(0);
    const secret = 'PID|||SMITH^JOHN';
    for (let i = 0; i < 5; i++) t.transport.feed(ascii(`${secret} ${i}\r\n`));
    const warns = t.logs.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(JSON.stringify(t.logs)).not.toMatch(/SMITH/);
    await t.clock.advance(10_000);
    t.transport.feed(ascii(`${secret}\r\n`));
    const next = t.logs.filter((l) => l.level === 'warn');
    expect(next).toHaveLength(2);
    expect(next[1].obj).toMatchObject({ suppressed: 4, totalBad: 6 });
  });
});

describe('DeviceSource decoding', () => {
  it('OpenView: one block per read, counts to mV, lead-off frames as quality not as 0 mV', async () => {
    const t = setup('openview');
    t.source.start();
    await t.clock.advance(0);
    const frames = [encodeAds1292rFrame({ ecg: 200, resp: 5, heartRate: 70, respRate: 12 }), encodeAds1292rFrame({ ecg: 0, resp: 0 }), encodeAds1292rFrame({ ecg: -100, resp: 7, heartRate: 70, respRate: 12 })];
    const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    frames.reduce((at, f) => (bytes.set(f, at), at + f.length), 0);
    t.transport.feed(bytes.subarray(0, 20)); // split mid-frame
    t.transport.feed(bytes.subarray(20));
    expect(t.blocks.map((b) => b.length)).toEqual([1, 2]);
    const [a, b] = t.blocks;
    expect(a.mV[0][0]).toBeCloseTo(1, 12); // 200 counts / 200 counts per mV
    expect(a.discontinuity).toBe(true);
    expect(b.discontinuity).toBe(false);
    expect(b.firstSample).toBe(1);
    expect(Array.from(b.quality)).toEqual([SAMPLE_LEAD_OFF, SAMPLE_OK]);
    expect(b.mV[0][0]).toBeNaN();
    expect(b.leadOff).toBe(true);
    expect(b.mV[0][1]).toBeCloseTo(-0.5, 12);
    expect(Array.from(b.resp!)).toEqual([0, 7]);
  });

  it('AD8232: a garbled line keeps its sample slot; the partial line after (re)open is skipped', async () => {
    const t = setup('ad8232');
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(ascii('12\r\n543\r\n!\r\nx1\r\n481\r\n'));
    const b = t.blocks[0];
    expect(b.length).toBe(4);
    expect(Array.from(b.quality)).toEqual([SAMPLE_OK, SAMPLE_LEAD_OFF, SAMPLE_MISSING, SAMPLE_OK]);
    expect(b.mV[0][0]).toBeCloseTo(1, 12); // (543 - 512) / 31
    expect(b.mV[0][3]).toBeCloseTo(-1, 12);
    expect(t.source.counters()).toMatchObject({ framesOk: 3, framesBad: 1 });
    t.transport.unplug();
    t.transport.plugged = true;
    await t.clock.advance(500);
    t.transport.feed(encodeAd8232([512]).subarray(1)); // "12\r\n": the tail of a line
    t.transport.feed(encodeAd8232([600]));
    const last = t.blocks.at(-1)!;
    expect(last.discontinuity).toBe(true);
    expect(Array.from(last.adc[0])).toEqual([600]);
  });

  it('Masimo: values only while the sensor is on; sensor-off is a quality, not zeros', async () => {
    const t = setup('masimo');
    t.source.start();
    await t.clock.advance(0);
    t.transport.feed(masimo(98));
    t.transport.feed(masimo(98, 0x000020)); // sensor off
    expect(t.readings).toHaveLength(2);
    expect(t.readings[0].vitals.map((v) => [v.kind, v.value, v.unit])).toEqual([['spo2', 98, '%'], ['pulseRate', 72, '/min']]);
    expect(t.readings[0].deviceTime).toBe('2024-03-09T10:00:01');
    expect(t.readings[1]).toMatchObject({ sensorOff: true, quality: 'sensorOff', vitals: [] });
  });
});
