import { synthesizeEcg, steadyBeatTimes } from '@clinic-edge/dsp';
import { describe, expect, it } from 'vitest';
import type { EcgBlock, VitalsReading } from '../serial/events.js';
import type { Message, NewMessage } from '../store/types.js';
import { Pipeline } from './pipeline.js';
import { stampPayload, waveformSeq } from './stamp.js';
import { decodeWaveform } from './waveform-codec.js';

const FS = 250;
const GAIN = 200;
const BASE = 1024;
const T0 = 1_700_000_000_000;

/** Beats at 60 bpm with one 3.5 s RR interval (a sinus pause) after `pauseAt` s, and a little noise. */
function ecgWithPause(seconds: number, pauseAt: number): Int32Array {
  const times = Array.from(steadyBeatTimes(60, seconds, 0.02, 3)).map((t) => (t > pauseAt ? t + 2.5 : t)).filter((t) => t < seconds - 0.3);
  const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes: times, duration: seconds });
  let state = 5;
  return Int32Array.from(signal, (v) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return Math.round(BASE + GAIN * v + ((state >>> 16) % 9) - 4);
  });
}

function block(adc: Int32Array, from: number, to: number, quality?: Uint8Array): EcgBlock {
  const a = adc.slice(from, to);
  const q = quality ? quality.slice(from, to) : new Uint8Array(to - from);
  const mV = Float64Array.from(a, (v, i) => (q[i] === 0 ? (v - BASE) / GAIN : NaN));
  return {
    deviceId: 'ecg-1', sampleRate: FS, firstSample: from, length: to - from, mV: [mV], adc: [a], gain: GAIN, baseline: BASE,
    quality: q, leadOff: q.some((x) => x !== 0), resp: null, discontinuity: from === 0,
    // Deterministic arrival time: the last sample of the block, on the sample clock.
    receivedAt: T0 + Math.round(((to - 1) * 1000) / FS),
  };
}

function run(adc: Int32Array, chunk: () => number, quality?: Uint8Array): NewMessage[] {
  const out: NewMessage[] = [];
  const p = new Pipeline({ site: 'site-a', emit: (m) => out.push(m), now: () => 0 });
  for (let at = 0; at < adc.length; ) {
    const to = Math.min(adc.length, at + chunk());
    p.ecg(block(adc, at, to, quality));
    at = to;
  }
  p.flush();
  return out;
}

function randomChunks(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return 1 + ((s >>> 8) % 700);
  };
}

/** The codec frame of a waveform message, as a subscriber gets it (stamped with its seq). */
function frameOf(m: NewMessage) {
  const stamped = stampPayload({ ...m, id: `${m.site}/${m.device}/waveform/1`, seq: 1 } as Message);
  return decodeWaveform(stamped.subarray(waveformSeq(stamped).frameOffset));
}

const json = (m: NewMessage): Record<string, any> => JSON.parse(new TextDecoder().decode(m.payload));

describe('Pipeline (ECG)', () => {
  const adc = ecgWithPause(60, 30);

  it('raises a pause/asystole alert, summarises every 10 s and frames the whole waveform losslessly', () => {
    const out = run(adc, () => FS);
    const alerts = out.filter((m) => m.stream === 'alerts').map(json);
    const opened = alerts.filter((a) => a.event === 'open').map((a) => a.episode.type);
    expect(opened.some((t) => t === 'PAUSE' || t === 'ASYSTOLE')).toBe(true);
    const pause = alerts.find((a) => a.event === 'open' && (a.episode.type === 'PAUSE' || a.episode.type === 'ASYSTOLE'))!;
    expect(pause.episode.start / FS).toBeGreaterThan(29);
    expect(pause.episode.start / FS).toBeLessThan(32);
    expect(pause.t.gateway).toBe(T0 + Math.round((pause.episode.start * 1000) / FS));

    const summaries = out.filter((m) => m.stream === 'summary').map(json);
    expect(summaries.length).toBeGreaterThanOrEqual(4);
    expect(summaries[0].window).toEqual({ firstSample: 0, seconds: 10 });
    expect(summaries[1].heartRate).toMatchObject({ unit: '/min', loinc: '8867-4', mdc: 147842 });
    expect(summaries[1].heartRate.value).toBeGreaterThan(57);
    expect(summaries[1].heartRate.value).toBeLessThan(63);

    const frames = out.filter((m) => m.stream === 'waveform').map(frameOf);
    expect(frames).toHaveLength(60);
    const joined = new Int32Array(adc.length);
    for (const f of frames) joined.set(f.leads[0], f.firstSample);
    expect(joined).toEqual(adc);
  });

  it('gives byte-identical messages whatever the block sizes', () => {
    const a = run(adc, randomChunks(1));
    const b = run(adc, randomChunks(2));
    const c = run(adc, () => 1000);
    // Per stream (what the seq orders); the interleaving of streams may follow the chunking.
    const key = (ms: NewMessage[]): string[] =>
      ['alerts', 'summary', 'waveform', 'status'].flatMap((s) => ms.filter((m) => m.stream === s).map((m) => `${m.stream} ${Buffer.from(m.payload).toString('base64')}`));
    expect(key(a)).toEqual(key(b));
    expect(key(a)).toEqual(key(c));
  });

  it('reports lead-off on the status stream and keeps it out of the alerts', () => {
    const quality = new Uint8Array(adc.length);
    quality.fill(1, 10 * FS, 14 * FS);
    const out = run(adc.subarray(0, 25 * FS), () => 333, quality);
    const status = out.filter((m) => m.stream === 'status').map(json);
    const device = status.filter((s) => s.type === 'dataQuality' && s.source === 'device');
    expect(device.map((s) => [s.leadOff, s.t.sample])).toEqual([
      [true, 10 * FS],
      [false, 14 * FS],
    ]);
    const frames = out.filter((m) => m.stream === 'waveform').map(frameOf);
    expect(frames[10].leadOff).toEqual([{ start: 0, length: FS }]);
    expect(frames[14].leadOff).toEqual([]);
    const alertTypes = out.filter((m) => m.stream === 'alerts').map((m) => json(m).episode.type);
    expect(alertTypes).not.toContain('ASYSTOLE');
    expect(alertTypes).not.toContain('LEADOFF');
  });
});

describe('Pipeline (ECG), two leads, one coming off', () => {
  // 60 s at 60/min on two leads; V1 (the second) flat from 20 s to 40 s, as a device without its
  // own lead-off detection sends a lead whose electrode came off.
  const adc = ecgWithPause(60, 1000);
  const second = Int32Array.from(adc, (v, i) => (i >= 20 * FS && i < 40 * FS ? BASE : Math.round(BASE - 0.6 * (v - BASE))));

  function runTwo(): NewMessage[] {
    const out: NewMessage[] = [];
    const p = new Pipeline({ site: 'site-a', emit: (m) => out.push(m), now: () => 0 });
    for (let at = 0; at < adc.length; at += 500) {
      const to = Math.min(adc.length, at + 500);
      const one = block(adc, at, to);
      const a = second.slice(at, to);
      p.ecg({ ...one, mV: [one.mV[0], Float64Array.from(a, (v) => (v - BASE) / GAIN)], adc: [one.adc[0], a] });
    }
    p.flush();
    return out;
  }

  it('tells the status stream which lead is off and when it is back, counts its seconds, and raises no alert', () => {
    const out = runTwo();
    const analysis = out.filter((m) => m.stream === 'status').map(json).filter((s) => s.type === 'dataQuality' && s.source === 'analysis');
    expect(analysis.map((s) => s.leadsOff)).toEqual([[1], []]);
    // each change stamped where it began: within the quality's lead-off detection of 20 s and 40 s
    expect(analysis[0].t.sample / FS).toBeGreaterThanOrEqual(20);
    expect(analysis[0].t.sample / FS).toBeLessThanOrEqual(23);
    expect(analysis[1].t.sample / FS).toBeGreaterThanOrEqual(40);
    expect(analysis[1].t.sample / FS).toBeLessThanOrEqual(43);
    const summaries = out.filter((m) => m.stream === 'summary').map(json);
    const offSeconds = summaries.map((s) => s.leadOffSeconds as number[]);
    expect(offSeconds[0]).toEqual([0, 0]);
    const total = offSeconds.reduce((sum, s) => sum + s[1], 0);
    expect(total).toBeGreaterThanOrEqual(17);
    expect(total).toBeLessThanOrEqual(21);
    expect(offSeconds.every((s) => s[0] === 0)).toBe(true);
    // the first lead carries the analysis: no LEADOFF, no alert
    const quality = out.filter((m) => m.stream === 'status').map(json).filter((s) => s.type === 'signalQuality');
    expect(quality.map((s) => s.episode.type)).not.toContain('LEADOFF');
    expect(out.filter((m) => m.stream === 'alerts')).toEqual([]);
  });
});

describe('Pipeline (ECG) across a reopened port', () => {
  // 170/min for 20 s, the port drops for 30 s (the block numbering runs on, as the block builder's
  // does, and flags the first block after it), then 170/min again.
  const fast = Array.from(steadyBeatTimes(170, 80, 0.01, 3)).filter((t) => t < 79.7);
  const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes: fast, duration: 80 });
  const adc = Int32Array.from(signal, (v) => Math.round(BASE + GAIN * v));
  const OUTAGE_MS = 30_000;
  const CUT = 20 * FS;

  function runAcross(): NewMessage[] {
    const out: NewMessage[] = [];
    const p = new Pipeline({ site: 'site-a', emit: (m) => out.push(m), now: () => 0 });
    for (let at = 0; at < 2 * CUT; at += FS) {
      const b = block(adc, at, at + FS);
      const after = at >= CUT;
      // after the outage the device sends what it measures then: the signal from CUT + 30 s on
      const src = after ? at + (OUTAGE_MS / 1000) * FS : at;
      const moved = block(adc, src, src + FS);
      p.ecg({ ...moved, firstSample: at, discontinuity: at === 0 || at === CUT, receivedAt: b.receivedAt + (after ? OUTAGE_MS : 0) });
    }
    p.flush();
    return out;
  }

  it('interrupts what was open, and times what follows on the wall clock after the outage', () => {
    const out = runAcross();
    const alerts = out.filter((m) => m.stream === 'alerts').map(json);
    expect(alerts.map((a) => a.episode.type).filter((t) => t !== 'TACHY')).toEqual([]); // no pause "seen" in the outage
    const tachy = alerts.filter((a) => a.episode.type === 'TACHY');
    // the last interruption is the pipeline's flush at the end (a shutdown)
    expect(tachy.map((a) => a.event)).toEqual(['open', 'interrupted', 'open', 'interrupted']);
    const [before, cut, again, stopped] = tachy;
    expect(stopped.episode.start).toBe(again.episode.start);
    expect(stopped.episode.end).toBe(2 * CUT - 1);
    expect(before.episode.start).toBeLessThan(CUT);
    expect(cut.episode.start).toBe(before.episode.start);
    expect(cut.episode.end).toBe(CUT - 1); // the last sample analysed
    expect(cut.episode.startTime).toBe(T0 + Math.round((before.episode.start * 1000) / FS)); // timed before the outage
    expect(again.episode.start).toBeGreaterThanOrEqual(CUT);
    expect(again.episode.startTime).toBe(T0 + OUTAGE_MS + Math.round((again.episode.start * 1000) / FS));
    expect(again.t.sample).toBe(again.episode.start);
    const windows = out.filter((m) => m.stream === 'summary').map(json).map((m) => [m.window.firstSample, m.t.gateway]);
    // the analysis runs out what it held before the outage: the window the outage cut goes out
    // whole (its last seconds waited on decision delays), then the next from CUT
    const cutShort = out.filter((m) => m.stream === 'summary').map(json)[1];
    expect(cutShort.window).toEqual({ firstSample: 10 * FS, seconds: 10 });
    expect(cutShort.beats).toBeGreaterThanOrEqual(27); // 170/min for 10 s: 28 beats
    expect(windows).toEqual([
      [0, T0],
      [10 * FS, T0 + 10_000],
      [CUT, T0 + OUTAGE_MS + (CUT * 1000) / FS],
      [CUT + 10 * FS, T0 + OUTAGE_MS + ((CUT + 10 * FS) * 1000) / FS],
    ]);
  });
});

describe('Pipeline (ECG) for a paced patient', () => {
  // Sinus at 70/min, then 30 wide beats at 68/min (a ventricular pacemaker's lower rate), then sinus.
  const times: number[] = [];
  const wide = new Set<number>();
  let t = 0.5;
  for (let i = 0; i < 40; i++, t += 0.85) times.push(t);
  for (let i = 0; i < 30; i++, t += 60 / 68) wide.add(times.push(t) - 1);
  for (let i = 0; i < 40; i++, t += 0.85) times.push(t);
  const { signal } = synthesizeEcg({ sampleRate: FS, beatTimes: times, duration: t + 1, ventricular: wide, noiseMv: 0.02 });
  const adc = Int32Array.from(signal, (v) => Math.round(BASE + GAIN * v));

  function slowRunSeverities(pacedDevices?: ReadonlySet<string>): string[] {
    const out: NewMessage[] = [];
    const p = new Pipeline({ site: 'site-a', emit: (m) => out.push(m), now: () => 0, pacedDevices });
    for (let at = 0; at < adc.length; at += FS) p.ecg(block(adc, at, Math.min(adc.length, at + FS)));
    p.flush();
    return out.filter((m) => m.stream === 'alerts').map(json).filter((a) => a.episode?.type === 'VRUN').map((a) => a.episode.severity);
  }

  it('sends the slow ventricular run as info when the device is set up for a paced patient, as a warning otherwise', () => {
    const plain = slowRunSeverities();
    expect(plain.length).toBeGreaterThan(0);
    expect(plain.every((s) => s === 'warning')).toBe(true);
    const paced = slowRunSeverities(new Set(['ecg-1']));
    expect(paced.length).toBeGreaterThan(0);
    expect(paced.every((s) => s === 'info')).toBe(true);
    expect(slowRunSeverities(new Set(['ecg-2']))).toEqual(plain); // another device's setting
  });
});

describe('Pipeline (vitals and status)', () => {
  function reading(extra: Partial<VitalsReading>): VitalsReading {
    return {
      deviceId: 'spo2-1', protocol: 'masimo', deviceTime: '2026-11-22T10:00:00', receivedAt: T0, quality: 'ok', sensorOff: false, alarms: [], unmapped: 0,
      vitals: [{ kind: 'spo2', value: 97, unit: '%', observedAt: null, status: 'F', code: { system: 'LN', code: '59408-5', name: 'x' }, setId: '1' }],
      ...extra,
    };
  }

  it('sends vitals with UCUM units, LOINC and MDC codes, and device alarms as alerts when they change', () => {
    const out: NewMessage[] = [];
    const p = new Pipeline({ site: 's', emit: (m) => out.push(m), now: () => T0 });
    p.vitals(reading({}));
    p.vitals(reading({ alarms: ['spo2Low'] }));
    p.vitals(reading({ alarms: ['spo2Low'] }));
    p.vitals(reading({ alarms: [], sensorOff: true, quality: 'sensorOff', vitals: [] }));
    const vitals = out.filter((m) => m.stream === 'vitals').map(json);
    expect(vitals).toHaveLength(3);
    expect(vitals[0].observations[0]).toMatchObject({ kind: 'spo2', value: 97, unit: '%', loinc: '59408-5', mdc: 150456 });
    expect(vitals[0].t).toEqual({ gateway: T0, device: '2026-11-22T10:00:00' });
    const alerts = out.filter((m) => m.stream === 'alerts').map(json);
    expect(alerts.map((a) => [a.raised, a.cleared])).toEqual([
      [['spo2Low'], []],
      [[], ['spo2Low']],
    ]);
    const status = out.filter((m) => m.stream === 'status').map(json);
    expect(status.map((s) => s.sensorOff)).toEqual([false, true]);
  });

  it('NIBP carries the blood pressure panel code', () => {
    const out: NewMessage[] = [];
    const p = new Pipeline({ site: 's', emit: (m) => out.push(m), now: () => T0 });
    p.vitals(reading({ protocol: 'hl7', vitals: [{ kind: 'nibpSystolic', value: 120, unit: 'mm[Hg]', observedAt: '20261122100000', status: 'F', code: { system: 'MDC', code: '150301', name: 'MDC_PRESS_CUFF_SYS' }, setId: '1' }] }));
    const obs = json(out.find((m) => m.stream === 'vitals')!).observations[0];
    expect(obs).toMatchObject({ loinc: '8480-6', panel: '85354-9', unit: 'mm[Hg]', sourceCode: { system: 'MDC', code: '150301' } });
  });
});

describe('stampPayload', () => {
  it('puts id and seq first in a JSON body, the same bytes every time', () => {
    const payload = new TextEncoder().encode('{"v":1,"type":"x"}');
    const msg = { id: 's/d/vitals/7', seq: 7, stream: 'vitals' as const, payload };
    const stamped = stampPayload(msg);
    expect(JSON.parse(new TextDecoder().decode(stamped))).toEqual({ id: 's/d/vitals/7', seq: 7, v: 1, type: 'x' });
    expect(stampPayload(msg)).toEqual(stamped);
  });

  it('inserts the seq into a waveform envelope', () => {
    const payload = Uint8Array.of(1, 0x96, 0x01, 9, 9, 9); // version, gateway time 150, frame bytes
    const stamped = stampPayload({ id: 's/d/waveform/300', seq: 300, stream: 'waveform', payload });
    expect(waveformSeq(stamped)).toEqual({ seq: 300, gatewayTime: 150, frameOffset: 5 });
    expect(Array.from(stamped.subarray(5))).toEqual([9, 9, 9]);
  });
});
