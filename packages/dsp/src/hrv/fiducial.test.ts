import { describe, expect, it } from 'vitest';
import { detectQrs } from '../qrs/detector.js';
import { BeatFiducial } from './fiducial.js';
import { alternatingNotch } from './testing.js';

const FS = 360; // Hz
const RR = Math.round(0.8 * FS);

function maxStep(values: readonly number[]): number {
  let most = 0;
  for (let i = 1; i < values.length; i++) most = Math.max(most, Math.abs(values[i] - values[i - 1]));
  return most;
}

describe('BeatFiducial', () => {
  it('keeps a beat\'s time steady where the detector\'s mark jumps between the lobes of a notched QRS', () => {
    const { signal, times } = alternatingNotch(FS, 60);
    const marks = Array.from(detectQrs([signal], FS)).slice(10); // past the detector's learning
    const f = new BeatFiducial(FS, 1, 60);
    f.push(signal);
    const fiducial = marks.map((m) => f.at(m));
    const offsets = (list: number[]) => list.map((s) => s - times[Math.round(s / RR) - 1]);
    // the mark steps about 70 ms every beat, and the RR intervals with it; the energy centre,
    // pulled only by the lobes' balance, less than half as far
    expect(maxStep(offsets(marks))).toBeGreaterThan(0.05 * FS);
    expect(maxStep(offsets(fiducial))).toBeLessThanOrEqual(maxStep(offsets(marks)) / 2);
  });

  it('gives the same times whatever the chunking, and from two leads', () => {
    const { signal } = alternatingNotch(FS, 30);
    const marks = Array.from(detectQrs([signal], FS));
    const whole = new BeatFiducial(FS, 2, 60);
    whole.push(signal, signal);
    const chunked = new BeatFiducial(FS, 2, 60);
    for (let at = 0; at < signal.length; at += 7) chunked.push(signal, signal, at, Math.min(7, signal.length - at));
    const one = new BeatFiducial(FS, 1, 60);
    one.push(signal);
    expect(marks.map((m) => chunked.at(m))).toEqual(marks.map((m) => whole.at(m)));
    expect(marks.map((m) => whole.at(m))).toEqual(marks.map((m) => one.at(m))); // two equal leads: the same centre
  });

  it('falls back to the mark where it cannot place the beat: samples not yet in, left the history, or a flat line', () => {
    const { signal, times } = alternatingNotch(FS, 30);
    const f = new BeatFiducial(FS, 1, 2);
    f.push(signal, undefined, 0, times[5] + 10);
    expect(f.at(times[5])).toBe(times[5]); // 0.1 s after the mark not in yet
    f.push(signal, undefined, times[5] + 10, signal.length - times[5] - 10);
    expect(f.at(times[1])).toBe(times[1]); // 2 s of history: long gone
    expect(f.at(times[25])).not.toBe(times[25] - 1000); // placed
    const flat = new BeatFiducial(FS, 1, 2);
    flat.push(new Float64Array(4 * FS).fill(0.3));
    expect(flat.at(2 * FS)).toBe(2 * FS);
  });
});
