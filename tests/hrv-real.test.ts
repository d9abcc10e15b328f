import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hrvOfRecord, type BeatLabel } from '@clinic-edge/dsp';
import { readAnnotations, readHeader } from '@clinic-edge/wfdb';

// HRV from the reference beats of real records: the figures must agree with the annotations.
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const AAMI: Record<string, BeatLabel> = { N: 'N', L: 'N', R: 'N', e: 'N', j: 'N', A: 'S', a: 'S', J: 'S', S: 'S', V: 'V', E: 'V', F: 'Q', '/': 'Q', f: 'Q', Q: 'Q' };

function beatsOf(record: string): { samples: number[]; labels: BeatLabel[]; fs: number; length: number } {
  const header = readHeader(path.join(shared, 'mitdb', record));
  const beats = readAnnotations(path.join(shared, 'mitdb', `${record}.atr`)).filter((a) => a.symbol in AAMI);
  return { samples: beats.map((b) => b.sample), labels: beats.map((b) => AAMI[b.symbol]), fs: header.sampleRate, length: 650000 };
}

describe.skipIf(!existsSync(path.join(shared, 'mitdb', '119.atr')))(`HRV on mitdb reference beats (${shared})`, () => {
  it('119 (sinus with ventricular bigeminy runs): six windows, ectopic intervals counted, mean NN matches the annotations', () => {
    const { samples, labels, fs, length } = beatsOf('119');
    const windows = hrvOfRecord(samples, { sampleRate: fs, labels, endSample: length });
    expect(windows.length).toBe(6);
    let vBeats = 0;
    for (const w of windows) {
      vBeats += w.counts.beats.V;
      expect(w.counts.excludedLabel).toBeGreaterThanOrEqual(w.counts.beats.V); // each V beat ends at least one excluded interval
      if (w.reason !== null) continue;
      // Mean NN from the NN pairs of the annotations themselves, within the window.
      let sum = 0, n = 0;
      for (let i = 1; i < samples.length; i++) {
        if (samples[i] < w.start || samples[i] >= w.end || labels[i] !== 'N' || labels[i - 1] !== 'N') continue;
        const rr = (samples[i] - samples[i - 1]) / fs;
        if (rr >= 0.3 && rr <= 2) { sum += rr * 1000; n++; }
      }
      expect(Math.abs((w.meanNnMs ?? 0) - sum / n)).toBeLessThan(15); // the 20 % filter drops only a few
      expect(w.sdnnMs).toBeGreaterThan(0);
      expect(w.lfMs2).not.toBeNull();
    }
    expect(vBeats).toBeGreaterThan(400);
  });

  it('101 (mostly sinus): every window has figures, heart rate 50-80 bpm (1860 beats in 30 min)', () => {
    const { samples, labels, fs, length } = beatsOf('101');
    const windows = hrvOfRecord(samples, { sampleRate: fs, labels, endSample: length });
    expect(windows.length).toBe(6);
    for (const w of windows) {
      expect(w.reason).toBeNull();
      expect(w.hrMeanBpm).toBeGreaterThan(50);
      expect(w.hrMeanBpm).toBeLessThan(80);
      expect(w.lfHf).toBeGreaterThan(0);
    }
  });
});
