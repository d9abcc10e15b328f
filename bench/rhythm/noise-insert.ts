import { synthesizeEcg, steadyBeatTimes } from '@clinic-edge/dsp';

/**
 * Events written into a noisy recording for the noise benchmark (noise.ts): a pause or a run of
 * synthetic VT in place of the patient's own beats, with the noise that was there kept on top.
 */

const EXCERPT_S = 600; // inserted-event runs use the first 10 minutes
export const PAUSE_S = 4;
export const VT_S = 15;
const VT_BPM = 180;
const FLOOR_MV = 0.02; // RMS of the noise floor under inserted events

export type InsertKind = 'pause' | 'vt';

/** An inserted event: where it sits in the excerpt (first to last sample it touches, R peaks of the VT). */
export interface InsertedSpan {
  kind: InsertKind;
  atS: number;
  bpm: number; // VT rate (pause: unused)
  from: number; // sample: the last real beat before the event
  to: number; // sample: the first real beat after it
  vtBeats: number[]; // R-peak samples of the inserted VT (empty for a pause)
}

/** An inserted event variant: what, when, and for VT its rate (bpm). */
export type InsertSpec = [InsertKind, number, number?];

/**
 * The first 10 min of a mix with events written in (noise part = mixed - clean, so the noise that
 * was there stays): a pause is a flat baseline plus that noise; VT is synthetic wide complexes
 * with the sinus P waves marching on through them (AV dissociation, as in real VT).
 */
export function insertEvents(clean: Float64Array[], mixed: Float64Array[], beats: number[], fs: number, floorNoise: Float64Array[], inserts: readonly InsertSpec[]): { signals: Float64Array[]; spans: InsertedSpan[] } {
  const n = Math.min(clean[0].length, EXCERPT_S * fs);
  const out = mixed.map((m) => m.slice(0, n));
  const spans: InsertedSpan[] = [];
  for (const [kind, atS, bpm = VT_BPM] of inserts) {
    const k = beats.findIndex((b) => b >= atS * fs);
    const from = beats[k] + Math.round(0.4 * fs); // after the T wave of beat k
    const want = from + Math.round((kind === 'pause' ? PAUSE_S : VT_S) * fs);
    const next = beats.find((b) => b >= want) ?? want;
    const to = Math.max(want, next - Math.round(0.25 * fs)); // end in the TP segment before the next beat
    const times = steadyBeatTimes(bpm, (to - from) / fs);
    const vt = kind === 'vt' ? synthesizeEcg({ sampleRate: fs, beatTimes: times, duration: (to - from) / fs, ventricular: new Set(Array.from({ length: times.length }, (_, i) => i)) }).signal : null;
    const p = kind === 'vt' ? dissociatedPWaves(beats, from, to, fs) : null;
    for (let lead = 0; lead < out.length; lead++) {
      const level = clean[lead][from];
      for (let i = from; i < to; i++) {
        // a living body is never a flat line (that is lead-off): keep a 20 µV noise floor under the added noise
        const floor = FLOOR_MV * floorNoise[lead % floorNoise.length][i];
        out[lead][i] = level + (mixed[lead][i] - clean[lead][i]) + floor + (vt && p ? (vt[i - from] + p[i - from]) * (lead === 0 ? 1 : 0.7) : 0);
      }
    }
    spans.push({ kind, atS, bpm, from: beats[k], to: next, vtBeats: kind === 'vt' ? Array.from(times, (t) => from + Math.round(t * fs)) : [] });
  }
  return { signals: out, spans };
}

/**
 * The sinus node goes on firing during VT: P waves (0.15 mV, the synthesiser's sinus P) at the
 * record's own beat times minus the PR interval, unrelated to the ventricular complexes.
 */
function dissociatedPWaves(beats: number[], from: number, to: number, fs: number): Float64Array {
  const p = new Float64Array(to - from);
  const sigma = 0.025 * fs;
  for (const b of beats) {
    const centre = b - 0.16 * fs - from;
    if (centre < -5 * sigma || centre > p.length + 5 * sigma) continue;
    for (let i = Math.max(0, Math.floor(centre - 5 * sigma)); i < Math.min(p.length, Math.ceil(centre + 5 * sigma)); i++) p[i] += 0.15 * Math.exp(-0.5 * ((i - centre) / sigma) ** 2);
  }
  return p;
}
