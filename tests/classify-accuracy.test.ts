import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { labelBeats } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
import { runVBeats } from '../bench/rhythm/vbeats.js';

// Regression guards for beat labelling, a little below the figures measured (bench/rhythm/vbeats.ts):
// mitdb DS1 (paced left out) V Se 92.08 / +P 93.16; svdb (128 Hz, out of set) V Se 86.28 / +P 93.01.
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const hasMitdb = existsSync(path.join(shared, 'mitdb', '119.atr'));
const hasSvdb = existsSync(path.join(shared, 'svdb', '800.atr'));

describe.skipIf(!hasMitdb)(`beat labelling on mitdb (${shared})`, () => {
  it('gross V Se >= 90.5 % and +P >= 91.5 % over the shared non-paced records', () => {
    const report = runVBeats({ dataDir: shared });
    expect(report.records.length).toBe(22);
    expect(report.gross.v.se).toBeGreaterThanOrEqual(90.5);
    expect(report.gross.v.ppv).toBeGreaterThanOrEqual(91.5);
  });

  it('copes with paced records (labels every detected beat, no throw)', () => {
    for (const name of ['102', '104', '107', '217']) {
      const rec = readRecord(path.join(shared, 'mitdb', name), { channels: [0, 1], end: 360 * 120 });
      const { samples, labels } = labelBeats(rec.signals, rec.sampleRate);
      expect(samples.length).toBeGreaterThan(100);
      expect(labels.length).toBe(samples.length);
      expect(labels.every((l) => 'NSVQ'.includes(l))).toBe(true);
    }
  });

  it('labels a real record the same whatever the chunk sizes', () => {
    const rec = readRecord(path.join(shared, 'mitdb', '208'), { channels: [0, 1], end: 360 * 180 });
    const ref = labelBeats(rec.signals, rec.sampleRate);
    expect(ref.labels.filter((l) => l === 'V').length).toBeGreaterThan(50);
    for (const chunk of [7, 1000, rec.signals[0].length]) {
      const got = labelBeats(rec.signals, rec.sampleRate, chunk);
      expect(Array.from(got.samples)).toEqual(Array.from(ref.samples));
      expect(got.labels).toEqual(ref.labels);
    }
  });
});

describe.skipIf(!hasSvdb)('beat labelling on svdb (128 Hz, not used for tuning)', () => {
  it('gross V Se >= 84 % and +P >= 91 %', () => {
    const report = runVBeats({ dataDir: shared, db: 'svdb' });
    expect(report.gross.v.se).toBeGreaterThanOrEqual(84);
    expect(report.gross.v.ppv).toBeGreaterThanOrEqual(91);
  });
});

if (!hasMitdb) {
  describe('beat labelling on PhysioNet data', () => {
    it.skip(`skipped: no mitdb under ${shared} (set CLINIC_EDGE_DATA)`, () => {});
  });
}
