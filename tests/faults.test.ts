import { afterEach, describe, expect, it } from 'vitest';
import { DeviceSource, type EcgBlock, type VitalsReading } from '@clinic-edge/gateway';
import {
  DeviceClockFault,
  MasimoOximeter,
  misreadUart,
  NoisyEcgSource,
  OpenViewBoard,
  Simulator,
  SyntheticEcgSource,
  TcpServerEndpoint,
} from '../firmware-sim/index.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

describe('wrong baud rate (UART physics)', () => {
  const line = ascii('12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=072\r\n');

  it('reads the bytes back unchanged when both sides agree', () => {
    const r = misreadUart(line, 9600, 9600);
    expect(Array.from(r.bytes)).toEqual(Array.from(line));
    expect(r.framingErrors).toBe(0);
  });

  it('a receiver 6x too fast (57600 reading 9600) sees more bytes, with framing errors read as 0x00', () => {
    const r = misreadUart(line, 9600, 57600);
    expect(r.bytes.length).toBeGreaterThan(line.length);
    expect(r.framingErrors).toBeGreaterThan(0);
    expect(r.bytes.filter((b) => b === 0).length).toBeGreaterThanOrEqual(r.framingErrors);
  });

  it('a receiver 6x too slow (9600 reading 57600) sees fewer bytes, none of them the text', () => {
    const r = misreadUart(line, 57600, 9600);
    expect(r.bytes.length).toBeLessThan(line.length / 2);
    expect(new TextDecoder().decode(r.bytes)).not.toContain('SPO2');
  });

  it('a small mismatch (2%) still reads right: a UART tolerates a few percent', () => {
    expect(Array.from(misreadUart(line, 9600, 9792).bytes)).toEqual(Array.from(line));
  });
});

describe('ECG noise bursts', () => {
  const fs = 250;
  const clean = (): Float64Array => {
    const s = new SyntheticEcgSource(fs, 70);
    const out = new Float64Array(fs * 10);
    s.next(out);
    return out;
  };

  for (const kind of ['emg', 'motion'] as const) {
    it(`${kind}: adds about the asked RMS for exactly the asked seconds, whatever the chunks`, () => {
      const ref = clean();
      const noisy = new NoisyEcgSource(new SyntheticEcgSource(fs, 70), 3);
      const out = new Float64Array(ref.length);
      noisy.next(out.subarray(0, fs)); // 1 s clean
      noisy.startBurst(kind, 4, 0.3);
      for (let at = fs; at < out.length; ) {
        const n = Math.min(out.length - at, 1 + Math.floor(Math.random() * 97));
        noisy.next(out.subarray(at, at + n));
        at += n;
      }
      const diff = out.map((v, i) => v - ref[i]);
      expect(diff.subarray(0, fs).every((d) => d === 0)).toBe(true);
      expect(diff.subarray(5 * fs).every((d) => d === 0)).toBe(true);
      const burst = diff.subarray(fs, 5 * fs);
      const rms = Math.sqrt(burst.reduce((a, d) => a + d * d, 0) / burst.length);
      expect(rms).toBeGreaterThan(0.1);
      expect(rms).toBeLessThan(0.9);
      expect(noisy.noisy).toBe(false);
    });
  }

  it('emg is broadband (many sign changes), motion is slow (few)', () => {
    const signChanges = (kind: 'emg' | 'motion'): number => {
      const ref = clean();
      const noisy = new NoisyEcgSource(new SyntheticEcgSource(fs, 70), 5);
      noisy.startBurst(kind, 10, 0.3);
      const out = new Float64Array(ref.length);
      noisy.next(out);
      let n = 0;
      for (let i = 1; i < out.length; i++) if (Math.sign(out[i] - ref[i]) !== Math.sign(out[i - 1] - ref[i - 1])) n++;
      return n / 10; // per second
    };
    expect(signChanges('emg')).toBeGreaterThan(40);
    expect(signChanges('motion')).toBeLessThan(20);
  });
});

describe('device clock', () => {
  it('drift paces the device faster without a jump where it starts; a jump moves only the wall clock', () => {
    const c = new DeviceClockFault();
    expect(c.deviceElapsed(1000)).toBe(1000);
    c.setDrift(1000, 1000); // 1000 ppm fast from t = 1 s
    expect(c.deviceElapsed(1000)).toBeCloseTo(1000, 9);
    expect(c.deviceElapsed(11_000)).toBeCloseTo(11_010, 6);
    c.jump(3_600_000);
    expect(c.offsetMs).toBe(3_600_000);
    expect(c.deviceElapsed(11_000)).toBeCloseTo(11_010, 6);
  });
});

describe('faults through a real socket into the gateway reader', () => {
  it('a clock jump shows in the Masimo device time; sensor off empties the values; at a wrong baud no line reads', async () => {
    const server = new TcpServerEndpoint('127.0.0.1', 0);
    const sim = new Simulator(new MasimoOximeter({ deviceStart: new Date(2026, 0, 1, 12, 0, 0) }), server);
    await sim.start();
    cleanup.push(() => sim.stop());
    const source = new DeviceSource({ id: 'spo2', protocol: 'masimo', port: server.address });
    cleanup.push(() => source.stop());
    const readings: VitalsReading[] = [];
    source.on('vitals', (r) => readings.push(r));
    source.start();
    await until('a reading', () => readings.length >= 1);
    expect(readings[0].deviceTime?.slice(0, 13)).toBe('2026-01-01T12');
    sim.jumpClock(3 * 3_600_000);
    sim.setLeadOff(true);
    const n = readings.length;
    await until('a reading after the jump', () => readings.length > n + 1);
    const after = readings[readings.length - 1];
    expect(after.deviceTime?.slice(0, 13)).toBe('2026-01-01T15');
    expect(after.sensorOff).toBe(true);
    expect(after.vitals).toEqual([]);
    sim.setLeadOff(false);
    sim.wrongBaud(57600); // read at Masimo's 9600
    await new Promise((r) => setTimeout(r, 300));
    const m = readings.length;
    const bytes = sim.stats.bytesWritten;
    await new Promise((r) => setTimeout(r, 2500));
    expect(readings.length).toBe(m); // bytes still flow, but not one line reads
    expect(sim.stats.bytesWritten).toBeGreaterThan(bytes);
    expect(sim.stats.clockJumps).toBe(1);
  });

  it('a noise burst reaches the gateway as a noisier ECG, and lead-off as lead-off samples', async () => {
    const server = new TcpServerEndpoint('127.0.0.1', 0);
    const sim = new Simulator(new OpenViewBoard(new SyntheticEcgSource(250, 60), null), server);
    await sim.start();
    cleanup.push(() => sim.stop());
    const source = new DeviceSource({ id: 'ecg', protocol: 'openview', port: server.address, sampleRate: 250 });
    cleanup.push(() => source.stop());
    const blocks: EcgBlock[] = [];
    source.on('ecg', (b) => blocks.push(b));
    source.start();
    await until('ECG', () => blocks.length > 0);
    sim.setLeadOff(true);
    await until('lead-off samples', () => blocks.some((b) => b.leadOff));
    sim.setLeadOff(false);
    expect(() => new Simulator(new MasimoOximeter(), new TcpServerEndpoint('127.0.0.1', 0)).noiseBurst('emg', 1)).toThrow(/noise bursts apply to openview and ad8232/);
    sim.noiseBurst('emg', 60, 0.5);
    expect(sim.stats.noiseBursts).toBe(1);
  });
});
