import { describe, expect, it } from 'vitest';
import { synthesizeEcg } from '@clinic-edge/dsp';
import { streamFlags } from './strip-alarms.js';

const FS = 300; // Hz, as cinc2017
const beatsAt = (from: number, to: number, bpm: number): number[] => {
  const out: number[] = [];
  for (let t = from; t < to; t += 60 / bpm) out.push(t);
  return out;
};
const strip = (beatTimes: number[], seconds: number): Float64Array => synthesizeEcg({ sampleRate: FS, beatTimes, duration: seconds, noiseMv: 0.02, seed: 3 }).signal;

describe('streamFlags (full analyzer, one lead, from the first sample)', () => {
  it('raises no urgent flag for a strip whose first 10 s show no QRS, only a warning', () => {
    const r = streamFlags([strip(beatsAt(10, 40, 72), 40)], FS);
    expect(r.urgentFlags).toEqual([]);
    expect(Object.values(r.warnings).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
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
