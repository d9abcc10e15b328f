import { describe, expect, it } from 'vitest';
import { synthesizeEcg } from '@clinic-edge/dsp';
import { streamFlags } from './strip-alarms.js';

const FS = 300; // Hz, as cinc2017
const beatsAt = (from: number, to: number, bpm: number): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t += 60 / bpm) out.push(t);
  return out;
};
/** A seeded uniform source in [0, 1), so every run draws the same signal. */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}
/**
 * Muscle bursts with no ECG under them (electrodes on, nothing cardiac to show, as nstdb's ma
 * record): 0.1-0.4 s of band-limited noise, 0.15-0.45 mV, one every 1.5-2.5 s, each its own
 * shape, over a 0.08-mV line.
 */
function bursts(from: number, to: number, seconds: number, seed: number): Float64Array {
  const random = uniform(seed);
  const x = new Float64Array(Math.round(seconds * FS));
  for (let i = 0; i < x.length; i++) x[i] = 0.08 * (random() - 0.5);
  for (let t = from + random(); t < to; t += 1.5 + random()) {
    const a = Math.round(t * FS);
    const n = Math.round((0.1 + 0.3 * random()) * FS);
    const mv = 0.15 + 0.3 * random();
    let prev = 0;
    for (let i = 0; i < n && a + i < x.length; i++) {
      const v = random() - 0.5;
      x[a + i] += mv * (v - prev) * Math.sin((Math.PI * i) / n); // differenced noise: muscle's high band
      prev = v;
    }
  }
  return x;
}
/**
 * QRS-like complexes that never repeat one shape (an agonal rhythm's, as cudb cu35 opens with):
 * a smooth biphasic wave 60-140 ms wide, either polarity, 0.8-2 mV, at the given times.
 */
function changingComplexes(times: number[], seconds: number, seed: number): Float64Array {
  const random = uniform(seed);
  const x = new Float64Array(Math.round(seconds * FS));
  for (let i = 0; i < x.length; i++) x[i] = 0.02 * (random() - 0.5);
  for (const t of times) {
    const width = 0.06 + 0.08 * random(); // s
    const mv = (random() < 0.5 ? -1 : 1) * (0.8 + 1.2 * random());
    const lean = 0.3 + 0.4 * random(); // where the wave crosses zero, as a share of its width
    const a = Math.round(t * FS);
    for (let i = 0; i < width * FS && a + i < x.length; i++) {
      const u = i / (width * FS);
      x[a + i] += mv * Math.sin(Math.PI * u) * Math.cos((Math.PI * u) / (2 * lean));
    }
  }
  return x;
}
const strip = (beatTimes: number[], seconds: number): Float64Array => synthesizeEcg({ sampleRate: FS, beatTimes, duration: seconds, noiseMv: 0.02, seed: 3 }).signal;

describe('streamFlags (full analyzer, one lead, from the first sample)', () => {
  it('raises no urgent flag for a strip whose first 10 s show no QRS, only a warning', () => {
    const r = streamFlags([strip(beatsAt(10, 40, 72), 40)], FS);
    expect(r.urgentFlags).toEqual([]);
    expect(Object.values(r.warnings).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('raises no urgent flag for a quiet line after muscle bursts that never showed a heartbeat, only a warning', () => {
    const r = streamFlags([bursts(0, 15, 40, 7)], FS); // bursts for 15 s, then 25 s of quiet line
    expect(r.urgentFlags).toEqual([]);
    expect((r.warnings.PAUSE ?? 0) + (r.warnings.ASYSTOLE ?? 0)).toBeGreaterThan(0);
  });

  it('still raises an urgent gap flag where the complexes before it never repeated one shape', () => {
    // 10 s of them: too few of one shape for the classifier to label any (all Q)
    const r = streamFlags([changingComplexes([...beatsAt(0.5, 10, 72), ...beatsAt(20, 35, 72)], 35, 11)], FS);
    const gap = r.urgentFlags.find((f) => f.type === 'PAUSE' || f.type === 'ASYSTOLE');
    expect(gap).toBeDefined();
    expect(gap!.at / FS).toBeGreaterThan(12);
    expect(gap!.at / FS).toBeLessThan(20);
  });

  it('raises an urgent gap flag for the same 10 s without a QRS once beats have been seen', () => {
    const r = streamFlags([strip([...beatsAt(0.5, 15, 72), ...beatsAt(25, 40, 72)], 40)], FS);
    const gap = r.urgentFlags.find((f) => f.type === 'PAUSE' || f.type === 'ASYSTOLE'); // urgent as a PAUSE at 3 s, renamed ASYSTOLE at 4 s
    expect(gap).toBeDefined();
    const at = gap!.at / FS;
    expect(at).toBeGreaterThan(17);
    expect(at).toBeLessThan(25);
  });
});
