import { describe, expect, it } from 'vitest';
import { detectMainsFrequency, MainsFrequencyDetector } from './mainsDetector.js';
import { randomChunks, sine, syntheticEcg } from './testing.js';

const RATES = [250, 360, 500];

function withHum(ecg: Float64Array, hz: number, fs: number, amplitudeMv: number): Float64Array {
  const hum = sine(ecg.length, hz, fs, amplitudeMv, 0.3);
  return ecg.map((v, i) => v + hum[i]);
}

describe('MainsFrequencyDetector', () => {
  it('picks 50 Hz for ECG + 50 Hz hum, 60 Hz for ECG + 60 Hz hum, none for clean ECG', () => {
    for (const fs of RATES) {
      for (const seed of [1, 2, 3]) {
        const ecg = syntheticEcg(6, fs, seed);
        const opts = { sampleRateHz: fs };
        const hum50 = detectMainsFrequency(withHum(ecg, 50, fs, 0.05), opts);
        expect(hum50.detected).toBe(50);
        expect(hum50.score50Db).toBeGreaterThan(20);
        expect(detectMainsFrequency(withHum(ecg, 60, fs, 0.05), opts).detected).toBe(60);
        expect(detectMainsFrequency(withHum(ecg, 49.8, fs, 0.05), opts).detected).toBe(50); // grid drift
        const clean = detectMainsFrequency(ecg, opts);
        expect(clean.detected).toBe('none');
        expect(Math.max(clean.score50Db, clean.score60Db)).toBeLessThan(6); // the default threshold
      }
    }
  });

  it('falls back to the caller default when nothing stands out, and uses the louder hum when both do', () => {
    const fs = 360;
    const ecg = syntheticEcg(6, fs, 4);
    expect(detectMainsFrequency(ecg, { sampleRateHz: fs }).mainsHz).toBe(50);
    expect(detectMainsFrequency(ecg, { sampleRateHz: fs, fallbackHz: 60 }).mainsHz).toBe(60);
    const both = withHum(withHum(ecg, 50, fs, 0.01), 60, fs, 0.1);
    expect(detectMainsFrequency(both, { sampleRateHz: fs }).detected).toBe(60);
    expect(detectMainsFrequency(new Float64Array(4 * fs), { sampleRateHz: fs }).detected).toBe('none');
  });

  it('decides once from streamed chunks, exactly as the batch call, and ignores NaN', () => {
    const fs = 250;
    const x = withHum(syntheticEcg(6, fs, 5), 60, fs, 0.03);
    x[100] = NaN;
    const detector = new MainsFrequencyDetector({ sampleRateHz: fs });
    expect(detector.samplesNeeded).toBe(1024); // 4 s × 250 Hz rounded up to a power of two
    let at = 0;
    let decision;
    for (const n of randomChunks(x.length, 97, 6)) {
      const d = detector.push(x.subarray(at, at + n));
      at += n;
      if (at < detector.samplesNeeded) expect(d).toBeUndefined();
      decision ??= d;
    }
    expect(decision).toEqual(detectMainsFrequency(x, { sampleRateHz: fs }));
    expect(decision?.detected).toBe(60);
    expect(detector.push(new Float64Array(10))).toBe(decision);
    detector.reset();
    expect(detector.decision).toBeUndefined();
    // Too little signal for a spectrum: no guess.
    expect(detectMainsFrequency(x.subarray(0, 100), { sampleRateHz: fs }).detected).toBe('none');
  });

  it('does not look for 60 Hz above Nyquist', () => {
    const fs = 100;
    const d = detectMainsFrequency(syntheticEcg(8, fs, 7), { sampleRateHz: fs });
    expect(d.score60Db).toBe(-Infinity);
    expect(d.score50Db).toBe(-Infinity);
  });
});
