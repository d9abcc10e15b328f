import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { qualityOfRecord } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';

// Signal quality on real records: clean mitdb stays out of 'poor', the noise stress test does not.
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const has = (rel: string): boolean => existsSync(path.join(shared, rel));

describe.skipIf(!has('mitdb/118.dat') || !has('nstdb/118e_6.dat'))(`signal quality on PhysioNet records (${shared})`, () => {
  it('mitdb 118 (clean), both leads: under 2 % poor, never lead-off, mostly good', () => {
    const rec = readRecord(path.join(shared, 'mitdb', '118'), { end: 360 * 600 });
    for (const [ch, signal] of rec.signals.entries()) {
      const q = qualityOfRecord(signal, { sampleRate: rec.sampleRate, channel: ch });
      expect(q.length).toBe(600);
      expect(q.filter((r) => r.class === 'poor').length / q.length).toBeLessThan(0.02);
      expect(q.some((r) => r.leadOff)).toBe(false);
      expect(q.filter((r) => r.class === 'good').length / q.length).toBeGreaterThan(0.7);
    }
  });

  it('nstdb 118e_6 (-6 dB electrode motion): noisy minutes score lower than the clean first five', () => {
    const rec = readRecord(path.join(shared, 'nstdb', '118e_6'), { channels: [1], end: 360 * 420 });
    const q = qualityOfRecord(rec.signals[0], { sampleRate: rec.sampleRate, channel: 1 });
    const mean = (from: number, to: number): number => q.slice(from, to).reduce((a, r) => a + r.index, 0) / (to - from);
    expect(mean(310, 420)).toBeLessThan(mean(15, 295) - 0.2);
    expect(q.slice(310, 420).filter((r) => r.class === 'good').length).toBe(0);
  });

  it('a lead pulled off mid-record (flat at the last value) is unusable, not poor', () => {
    const rec = readRecord(path.join(shared, 'mitdb', '118'), { channels: [0], end: 360 * 60 });
    const s = Float64Array.from(rec.signals[0]);
    s.fill(s[360 * 30], 360 * 30);
    const q = qualityOfRecord(s, { sampleRate: 360 });
    expect(q.slice(30).every((r) => r.class === 'unusable' && r.problems.includes('flat'))).toBe(true);
  });
});
