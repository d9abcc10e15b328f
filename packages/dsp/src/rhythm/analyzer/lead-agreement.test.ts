import { describe, expect, it } from 'vitest';
import { steadyBeatTimes, synthesizeEcg } from '../../synth/index.js';
import { LeadAgreement, ONE_LEAD_SILENT } from './lead-agreement.js';

const FS = 250; // Hz

function ecg(seconds: number): Float64Array {
  return synthesizeEcg({ sampleRate: FS, beatTimes: steadyBeatTimes(72, seconds), duration: seconds }).signal;
}

/** Electrode-motion-like artefact: 1 mV bumps of QRS width at random times (seeded). */
function bumps(seconds: number, perSecond: number, seed: number): Float64Array {
  const out = new Float64Array(seconds * FS);
  let x = seed;
  const rand = (): number => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < seconds * perSecond; i++) {
    const at = Math.floor(rand() * (out.length - FS));
    for (let j = 0; j < 0.06 * FS; j++) out[at + j] += 1.5 * Math.sin((Math.PI * j) / (0.06 * FS));
  }
  return out;
}

function run(a: Float64Array, b: Float64Array, chunks: number[]): number[] {
  const ag = new LeadAgreement(FS);
  let at = 0;
  let c = 0;
  while (at < a.length) {
    const n = Math.min(a.length - at, chunks[c++ % chunks.length]);
    ag.push(a.subarray(at, at + n), b.subarray(at, at + n));
    at += n;
  }
  ag.flush();
  return Array.from({ length: ag.complete }, (_, k) => ag.agreement(k));
}

describe('LeadAgreement', () => {
  const clean = ecg(40);
  const lead1 = clean.map((v) => 0.6 * v);

  it('finds two leads of the same heart in agreement', () => {
    const f1 = run(clean, lead1, [FS]);
    expect(f1.length).toBe(40);
    for (const v of f1.slice(12)) expect(v).toBeGreaterThan(0.95);
  });

  it('sees artefact beats found on one lead only as disagreement', () => {
    const art = bumps(40, 2, 7);
    const noisy = lead1.map((v, i) => v + art[i]);
    const f1 = run(clean, noisy, [FS]);
    for (const v of f1.slice(12)) expect(v).toBeLessThan(0.8);
  });

  it('says when one lead shows beats and the other none, and has no opinion when neither does', () => {
    const f1 = run(clean, new Float64Array(clean.length), [FS]);
    expect(f1.slice(12).every((v) => v === ONE_LEAD_SILENT)).toBe(true);
    const both = run(new Float64Array(clean.length), new Float64Array(clean.length), [FS]);
    expect(both.every((v) => Number.isNaN(v))).toBe(true);
  });

  it('gives the same figures whatever the chunk sizes', () => {
    const art = bumps(40, 1, 3);
    const noisy = lead1.map((v, i) => v + art[i]);
    const whole = run(clean, noisy, [clean.length]);
    const random = Array.from({ length: 50 }, (_, i) => 1 + ((i * 7919) % 700));
    expect(run(clean, noisy, random)).toEqual(whole);
  });
});
