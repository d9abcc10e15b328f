import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../lib/paths.js';
import { formatQualityBench, runQualityBench } from './quality.js';

const data = process.env.CLINIC_EDGE_DATA ?? path.resolve(repoRoot(), '../shared/data');
const hasData = existsSync(path.join(data, 'nstdb', '118e00.dat')) && existsSync(path.join(data, 'nstdb', 'ma.dat')) && existsSync(path.join(data, 'mitdb', '118.dat'));

describe.skipIf(!hasData)(`signal quality benchmark (${data})`, () => {
  it('marks little of clean mitdb poor and much of 0 dB baseline-wander noise, and prints its tables', () => {
    const report = runQualityBench({ dataDir: data, channels: [0], cleanRecords: ['118', '119'], mixRecords: ['118'], mixSnrs: [0] });
    expect(report.nstdb.map((a) => a.snrDb)).toEqual([24, 18, 12, 6, 0, -6]);
    expect(report.cleanGross.poor).toBeLessThan(2);
    expect(report.cleanGross.unusable).toBe(0);
    const bw = report.mixes.find((m) => m.source === 'mitdb/118+bw');
    expect(bw?.poorInNoisy).toBeGreaterThan(50);
    expect(bw?.poorInClean).toBeLessThan(2);
    // The worse the electrode-motion SNR, the lower the quality index in the noisy segments.
    const idx = report.nstdb.map((a) => a.meanIndexNoisy ?? NaN);
    expect(idx[0]).toBeGreaterThan(idx[3]);
    expect(idx[3]).toBeGreaterThan(idx[5]);
    const text = formatQualityBench(report);
    expect(text).toContain('nstdb/118e_6');
    expect(text).toContain('mitdb/118+ma');
  }, 300_000);
});
