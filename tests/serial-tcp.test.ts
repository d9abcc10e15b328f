import { afterEach, describe, expect, it } from 'vitest';
import { DeviceSource, MllpListenerTransport, type DeviceStatus, type Hl7AckCode, type VitalsReading } from '@clinic-edge/gateway';
import { Ad8232Board, Hl7Monitor, Simulator, SyntheticEcgSource, TcpClientEndpoint, TcpServerEndpoint } from '../firmware-sim/index.js';

// Real sockets on loopback: a simulated serial device server for tcp://, a simulated monitor
// connecting to the gateway's MLLP listener.
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

describe('tcp:// transport against a serial device server', () => {
  it('reads an AD8232 board through the server, and reconnects when the server comes back', async () => {
    const server = new TcpServerEndpoint('127.0.0.1', 0);
    const sim = new Simulator(new Ad8232Board(new SyntheticEcgSource(250, 75)), server);
    await sim.start();
    cleanup.push(() => sim.stop());
    const source = new DeviceSource({ id: 'ecg-tcp', protocol: 'ad8232', port: server.address, sampleRate: 250, backoff: { initialMs: 100, maxMs: 400 } });
    cleanup.push(() => source.stop());
    const statuses: DeviceStatus[] = [];
    let samples = 0;
    let maxMv = -Infinity;
    source.on('status', (s) => statuses.push(s));
    source.on('ecg', (b) => {
      samples += b.length;
      for (const v of b.mV[0]) if (v > maxMv) maxMv = v;
    });
    source.start();
    await until('a second of ECG', () => samples >= 250);
    expect(maxMv).toBeGreaterThan(0.8); // R waves of the 1.2 mV synthetic ECG, through 31 counts/mV
    expect(maxMv).toBeLessThan(1.6);
    await sim.unplug(600);
    await until('offline', () => statuses.some((s) => s.state === 'offline'));
    const before = samples;
    await until('ECG again', () => samples > before + 100 && source.state === 'online');
    expect(statuses.map((s) => s.state)).toContain('reconnecting');
    expect(source.counters().framesBad).toBe(0);
  });
});

describe('MLLP listener with the HL7 monitor simulator', () => {
  it('accepts ORU^R01 with ACK AA, answers AE for a malformed OBX and AR for a wrong message type', async () => {
    const source = new DeviceSource({ id: 'monitor-1', protocol: 'hl7', port: 'mllp://127.0.0.1:0' });
    cleanup.push(() => source.stop());
    const readings: VitalsReading[] = [];
    const acks: Hl7AckCode[] = [];
    source.on('vitals', (r) => readings.push(r));
    source.on('ack', (a) => acks.push(a.code));
    source.start();
    const listener = source.transport as MllpListenerTransport;
    await until('listening', () => listener.port !== null);
    const monitor = new Hl7Monitor({ intervalMs: 100 });
    const sim = new Simulator(monitor, new TcpClientEndpoint('127.0.0.1', listener.port!, 100));
    await sim.start();
    cleanup.push(() => sim.stop());
    await until('two AA', () => monitor.stats.acks.AA >= 2);
    monitor.sendBad('malformed-obx');
    await until('AE', () => monitor.stats.acks.AE === 1);
    monitor.sendBad('wrong-type');
    await until('AR', () => monitor.stats.acks.AR === 1);
    await until('AA after', () => monitor.stats.acks.AA >= 3);
    expect(acks.filter((c) => c === 'AE')).toHaveLength(1);
    expect(acks.filter((c) => c === 'AR')).toHaveLength(1);
    expect(monitor.stats.resent).toBe(0); // every message was answered in time
    expect(readings.length).toBe(monitor.stats.acks.AA);
    const kinds = readings[0].vitals.map((v) => `${v.kind}=${v.value}${v.unit}`);
    expect(kinds).toEqual(expect.arrayContaining(['spo2=97%', 'nibpDiastolic=80mm[Hg]', 'temperature=36.8Cel', 'respirationRate=15/min']));
    expect(readings[0].deviceTime).toMatch(/^\d{14}/);
    expect(JSON.stringify(readings)).not.toMatch(/DOE|JANE|SIM0001/); // patient identifiers stay out
  });
});
