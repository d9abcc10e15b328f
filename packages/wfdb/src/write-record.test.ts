import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readHeader, readRecord, writeRecord } from './index.js';
import { data, hasData, noDataMessage, tempDir } from './test-data.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomAdc(n: number, lo: number, hi: number, seed: number): Int32Array {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => lo + Math.floor(r() * (hi - lo + 1)));
}

describe('writeRecord', () => {
  for (const format of [212, 16] as const) {
    const [lo, hi] = format === 212 ? [-2047, 2047] : [-32767, 32767];
    for (const [nsig, frames] of [[1, 7], [2, 1001], [3, 333]] as const) {
      it(`format ${format}, ${nsig} signal(s) x ${frames} samples: read(write(x)) == x, with checksums and initial values`, () => {
        const dir = tempDir();
        const adc = Array.from({ length: nsig }, (_, i) => randomAdc(frames, lo, hi, 10 * nsig + i));
        const w = writeRecord(dir, {
          name: 'x1',
          sampleRate: 360,
          format,
          signals: adc.map((a, i) => ({ adc: a, gain: 100 + i, baseline: i * 3, adcZero: i, description: `lead ${i}` })),
          comments: [' written by a test'],
        });
        const bytesPerSample = format === 212 ? 1.5 : 2;
        expect(statSync(w.dataPath).size).toBe(Math.ceil(frames * nsig * bytesPerSample));
        expect(readFileSync(w.headerPath, 'latin1')).toMatch(/^x1 \d+ 360 \d+\r\n/);
        const rec = readRecord(w.headerPath); // verifies the checksums written
        expect(rec.adc).toEqual(adc);
        rec.header.signals.forEach((s, i) => {
          expect(s).toMatchObject({ format, gain: 100 + i, baseline: i * 3, adcZero: i, initialValue: adc[i]![0], description: `lead ${i}` });
          expect(rec.signals[i]![5]).toBe((adc[i]![5]! - i * 3) / (100 + i));
        });
        expect(rec.header.comments).toEqual([' written by a test']);
      });
    }
  }

  it('stores physical values to the nearest adu and NaN as the invalid sample', () => {
    const dir = tempDir();
    const physical = Float64Array.from([0, 1.234, -2.5, NaN, 5.1]);
    const w = writeRecord(dir, { name: 'p', sampleRate: 250, format: 212, signals: [{ physical, gain: 200, baseline: 1024, adcZero: 1024 }] });
    const rec = readRecord(w.headerPath);
    expect([...rec.adc[0]!]).toEqual([1024, 1271, 524, -2048, 2044]);
    rec.signals[0]!.forEach((v, k) => (k === 3 ? expect(v).toBeNaN() : expect(Math.abs(v - physical[k]!)).toBeLessThanOrEqual(0.5 / 200)));
  });

  it('refuses values the format cannot hold and signals of different lengths', () => {
    const dir = tempDir();
    expect(() => writeRecord(dir, { name: 'a', sampleRate: 1, format: 212, signals: [{ adc: [2048] }] })).toThrow(/signals\[0\]\[0\].*212/);
    expect(() => writeRecord(dir, { name: 'a', sampleRate: 1, format: 16, signals: [{ physical: [1000] }] })).toThrow(RangeError);
    expect(() => writeRecord(dir, { name: 'a', sampleRate: 1, format: 212, signals: [{ physical: [-10.24] }] })).toThrow(/outside/);
    expect(() => writeRecord(dir, { name: 'a', sampleRate: 1, format: 16, signals: [{ adc: [1, 2] }, { adc: [1] }] })).toThrow(/same length/);
    expect(() => writeRecord(dir, { name: 'a b', sampleRate: 1, format: 16, signals: [] })).toThrow(/name/);
  });

  it.skipIf(!hasData)(`bundles a real excerpt that reads back identical (mitdb 101 in 212, nstdb 118e00 in 16) ${hasData ? '' : noDataMessage}`, () => {
    for (const [record, format] of [[data('mitdb', '101'), 212], [data('nstdb', '118e00'), 16]] as const) {
      const src = readRecord(record, { start: 360 * 60, end: 360 * 70 });
      const h = readHeader(record);
      const dir = tempDir();
      const w = writeRecord(dir, {
        name: 'excerpt',
        sampleRate: h.sampleRate,
        format,
        signals: h.signals.map((s, i) => ({ adc: src.adc[i]!, gain: s.gain, baseline: s.baseline, adcZero: s.adcZero, adcResolution: s.adcResolution, description: s.description })),
      });
      const back = readRecord(w.headerPath);
      expect(back.adc).toEqual(src.adc);
      expect(back.signals).toEqual(src.signals);
    }
  });
});
