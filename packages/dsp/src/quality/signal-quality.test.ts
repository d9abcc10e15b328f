import { describe, expect, it } from 'vitest';
import { gaussian, randomChunks, seededRandom } from '../filters/testing.js';
import { synthesizeEcg, steadyBeatTimes } from '../synth/synthetic-ecg.js';
import { qualityOfRecord } from './batch.js';
import { isEmptySecond, SignalQuality } from './signal-quality.js';
import type { QualityClass, QualityProblem, QualityRecord } from './types.js';

const DURATION = 40; // s
const R_MV = 1.2;
/** nst's signal power of the synthetic ECG: (QRS peak-to-peak)² / 8, R 1.2 mV to S -0.3 mV. */
const S_POWER = (R_MV * 1.25) ** 2 / 8;
/** RMS noise that gives `snrDb` after nst's definition. */
const rmsFor = (snrDb: number): number => Math.sqrt(S_POWER / 10 ** (snrDb / 10));

function cleanEcg(fs: number, duration = DURATION): Float64Array {
  return synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(75, duration, 0.05), duration, amplitude: R_MV }).signal;
}

/** Records after the first 12 s (bSQI window and band histories filled) and before the last 2. */
function settled(records: QualityRecord[]): QualityRecord[] {
  return records.slice(12, -2);
}

function share(records: QualityRecord[], test: (r: QualityRecord) => boolean): number {
  return records.filter(test).length / records.length;
}

const hasClass = (c: QualityClass) => (r: QualityRecord) => r.class === c;
const firstProblem = (p: QualityProblem) => (r: QualityRecord) => r.problems[0] === p;

describe('SignalQuality on synthetic ECG', () => {
  for (const fs of [128, 250, 360, 500]) {
    it(`calls a clean ECG good, every second, at ${fs} Hz`, () => {
      const records = qualityOfRecord(cleanEcg(fs), { sampleRate: fs });
      expect(records.length).toBe(DURATION);
      for (const r of settled(records)) {
        expect(r.class).toBe('good');
        expect(r.problems).toEqual([]);
        expect(r.features.bsqi).toBeGreaterThanOrEqual(0.95);
        expect(r.index).toBeGreaterThan(0.8);
      }
    });
  }

  it('reports one record per second, in order, with the second it covers', () => {
    const fs = 250;
    const records = qualityOfRecord(cleanEcg(fs, 10.5), { sampleRate: fs, channel: 3 });
    expect(records.map((r) => r.start)).toEqual(Array.from({ length: 11 }, (_, k) => k * fs));
    expect(records.at(-1)?.length).toBe(fs / 2);
    expect(records.every((r) => r.channel === 3)).toBe(true);
  });

  it('marks white noise at nst 0 dB poor, for muscle noise first', () => {
    const fs = 360;
    const g = gaussian(seededRandom(11));
    const noisy = cleanEcg(fs).map((x) => x + rmsFor(0) * g());
    const s = settled(qualityOfRecord(noisy, { sampleRate: fs }));
    expect(share(s, hasClass('poor'))).toBeGreaterThan(0.9);
    expect(share(s, firstProblem('muscle'))).toBeGreaterThan(0.9);
    expect(share(s, (r) => r.problems.includes('mains'))).toBe(0);
  });

  it('keeps white noise at nst 24 dB out of poor', () => {
    const fs = 250;
    const g = gaussian(seededRandom(5));
    const s = settled(qualityOfRecord(cleanEcg(fs).map((x) => x + rmsFor(24) * g()), { sampleRate: fs }));
    expect(share(s, hasClass('poor'))).toBe(0);
  });

  for (const [mainsHz, fs] of [[50, 360], [60, 250], [50, 128]] as const) {
    it(`marks ${mainsHz} Hz hum at nst 0 dB poor for mains at ${fs} Hz, and a weak hum (24 dB) not poor`, () => {
      const hum = (snr: number) => cleanEcg(fs).map((x, i) => x + Math.SQRT2 * rmsFor(snr) * Math.sin((2 * Math.PI * mainsHz * i) / fs));
      const strong = settled(qualityOfRecord(hum(0), { sampleRate: fs }));
      expect(share(strong, hasClass('poor'))).toBeGreaterThan(0.9);
      expect(share(strong, firstProblem('mains'))).toBeGreaterThan(0.9);
      expect(share(strong, (r) => r.problems.includes('muscle'))).toBe(0);
      const weak = settled(qualityOfRecord(hum(24), { sampleRate: fs }));
      expect(share(weak, hasClass('poor'))).toBe(0);
    });
  }

  it('flags 0.3 Hz baseline wander as baseline, not as muscle or mains', () => {
    const fs = 360;
    const wander = cleanEcg(fs).map((x, i) => x + 2 * Math.sin((2 * Math.PI * 0.3 * i) / fs)); // 4 mV p-p
    const s = settled(qualityOfRecord(wander, { sampleRate: fs }));
    expect(share(s, firstProblem('baseline'))).toBeGreaterThan(0.9);
    expect(share(s, hasClass('good'))).toBe(0);
    expect(share(s, (r) => r.problems.includes('muscle') || r.problems.includes('mains'))).toBe(0);
  });

  it('flags a clipped R wave as clipping', () => {
    const fs = 360;
    const clipped = cleanEcg(fs).map((x) => Math.min(x, 0.5));
    const s = settled(qualityOfRecord(clipped, { sampleRate: fs }));
    expect(share(s, (r) => r.problems[0] === 'clipping')).toBeGreaterThan(0.9);
    expect(s.every((r) => r.features.clippedFraction > 0.02)).toBe(true);
  });

  it('counts samples at configured ADC rails, and a railed lead as lead-off', () => {
    const fs = 250;
    const ecg = cleanEcg(fs);
    const railed = ecg.map((x, i) => (i >= 20 * fs ? 5.12 : x));
    const records = qualityOfRecord(railed, { sampleRate: fs, railLowMv: -5.12, railHighMv: 5.12 });
    const after = records.slice(21, -1);
    expect(after.every((r) => r.class === 'unusable' && r.leadOff && r.problems.includes('rail'))).toBe(true);
    expect(records.slice(12, 19).every((r) => !r.leadOff)).toBe(true);
  });

  it('reports a flat line as lead-off (unusable), not as noise', () => {
    const fs = 360;
    const ecg = cleanEcg(fs);
    ecg.fill(0.3, 20 * fs, 30 * fs);
    const records = qualityOfRecord(ecg, { sampleRate: fs });
    for (const r of records.slice(20, 30)) {
      expect(r.class).toBe('unusable');
      expect(r.leadOff).toBe(true);
      expect(r.problems).toContain('flat');
    }
    expect(records.slice(12, 20).every((r) => r.class === 'good')).toBe(true);
  });

  it('reports a run of missing samples (NaN) as lead-off, and a short gap as a lesser problem', () => {
    const fs = 250;
    const ecg = cleanEcg(fs);
    ecg.fill(NaN, 20 * fs, 25 * fs);
    ecg.fill(NaN, 32 * fs, 32 * fs + 10); // 40 ms
    const records = qualityOfRecord(ecg, { sampleRate: fs });
    for (const r of records.slice(20, 25)) expect([r.class, r.leadOff, r.problems[0]]).toEqual(['unusable', true, 'gap']);
    expect(records[32].leadOff).toBe(false);
    expect(records[32].problems).toContain('gap');
  });

  it('does not call asystole with ordinary baseline noise noise or lead-off', () => {
    const fs = 360;
    const g = gaussian(seededRandom(3));
    // 15 s of asystole: the QrsDetector itself starts finding beats in 15 µV of noise after about 20 s.
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(75, 15), duration: 30, amplitude: R_MV }).signal;
    const noisy = ecg.map((x) => x + 0.015 * g()); // 15 µV RMS
    const records = qualityOfRecord(noisy, { sampleRate: fs });
    for (const r of records.slice(17, -1)) {
      expect(r.leadOff).toBe(false);
      expect(r.class).not.toBe('poor');
    }
  });

  it("judges wander in asystole against the QRS the lead showed before, not against the asystole's own", () => {
    const fs = 360;
    const g = gaussian(seededRandom(7));
    // beats for 20 s, then asystole; throughout, 0.15 Hz wander of 0.63 mV (0.2 mV²: acceptable
    // beside a 1.2-mV QRS, poor beside nothing) and 20 µV of noise (in which, as above, the
    // quality stage's own detectors start finding beats after about 12 s: judged before that)
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(75, 20), duration: 40, amplitude: R_MV }).signal;
    const wandering = ecg.map((x, i) => x + 0.63 * Math.sin((2 * Math.PI * 0.15 * i) / fs) + 0.02 * g());
    const records = qualityOfRecord(wandering, { sampleRate: fs });
    const beating = records.slice(12, 20);
    const asystole = records.slice(24, 32);
    expect(beating.every((r) => r.class === 'acceptable' && r.problems[0] === 'baseline')).toBe(true);
    expect(asystole.every((r) => r.class === 'acceptable' && r.problems.includes('baseline'))).toBe(true);
    // the patient's QRS is the reference, so the asystole reads at most 3 dB worse than the beats
    const worst = (rs: QualityRecord[]) => Math.max(...rs.map((r) => r.features.baselineDb));
    expect(worst(asystole)).toBeLessThan(worst(beating) + 4);
  });

  it('calls a second empty only where the lead shows nothing: asystole, not beats, motion or an amplifier recovering', () => {
    const fs = 360;
    const g = gaussian(seededRandom(5));
    const ecg = synthesizeEcg({ sampleRate: fs, beatTimes: steadyBeatTimes(75, 15), duration: 40, amplitude: R_MV }).signal.map((x) => x + 0.02 * g());
    // 25-30 s: electrode motion, 1-4 Hz wobble of 0.5 mV; 32-40 s: a 3-mV step decaying (an electrode pop)
    for (let i = 25 * fs; i < 30 * fs; i++) ecg[i] += 0.25 * Math.sin((2 * Math.PI * 2.5 * i) / fs);
    for (let i = 32 * fs; i < 40 * fs; i++) ecg[i] += 3 * Math.exp(-(i - 32 * fs) / (2.5 * fs));
    const empty = qualityOfRecord(ecg, { sampleRate: fs }).map(isEmptySecond);
    expect(empty.slice(2, 14).some(Boolean)).toBe(false); // beats
    expect(empty.slice(17, 25).every(Boolean)).toBe(true); // asystole with 20 µV of noise
    expect(empty.slice(25, 30).some(Boolean)).toBe(false); // motion
    expect(empty.slice(32, 36).some(Boolean)).toBe(false); // the pop's first seconds
  });

  it('gives the same records whatever the chunk sizes', () => {
    const fs = 360;
    const g = gaussian(seededRandom(9));
    const ecg = cleanEcg(fs).map((x, i) => x + (i > 15 * fs && i < 25 * fs ? 0.3 * g() : 0));
    ecg.fill(NaN, 30 * fs, 31 * fs + 17);
    ecg.fill(0.2, 34 * fs, 36 * fs);
    const whole = qualityOfRecord(ecg, { sampleRate: fs });
    for (const seed of [1, 2]) {
      const out: QualityRecord[] = [];
      const q = new SignalQuality({ sampleRate: fs }, (r) => out.push(r));
      let at = 0;
      for (const n of randomChunks(ecg.length, seed === 1 ? 50 : 2000, seed)) {
        q.push(ecg.subarray(at, at + n));
        at += n;
      }
      q.flush();
      expect(out).toEqual(whole);
    }
  });

  it('reports each second exactly `delay` samples after its end', () => {
    const fs = 250;
    const ecg = cleanEcg(fs, 15);
    const times: number[] = [];
    let pushed = 0;
    const q = new SignalQuality({ sampleRate: fs }, (r) => times.push(pushed - (r.start + r.length)));
    for (let i = 0; i < ecg.length; i++) {
      pushed++;
      q.push(ecg.subarray(i, i + 1));
    }
    expect(times.length).toBeGreaterThan(10);
    expect(new Set(times)).toEqual(new Set([q.delay]));
  });

  it('rejects a sample rate it cannot handle', () => {
    expect(() => new SignalQuality({ sampleRate: 50 }, () => {})).toThrow(/sampleRate/);
  });
});
