import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electrodeOff, formatLeadOff, runLeadOff } from './leadoff.js';

const FS = 360; // Hz

describe('electrodeOff', () => {
  const lead = Float64Array.from({ length: 10 * FS }, (_, i) => Math.sin(i / 10));

  it('keeps the lead before the electrode came off and replaces it after, by kind', () => {
    for (const kind of ['flat', 'quiet', 'hum'] as const) {
      const x = electrodeOff(lead, 4 * FS, kind, FS);
      expect(Array.from(x.subarray(0, 4 * FS))).toEqual(Array.from(lead.subarray(0, 4 * FS)));
      const after = x.subarray(4 * FS);
      const range = Math.max(...after) - Math.min(...after);
      if (kind === 'flat') expect(range).toBe(0);
      if (kind === 'quiet') expect(range).toBeGreaterThan(0.02);
      if (kind === 'quiet') expect(range).toBeLessThan(0.031);
      if (kind === 'hum') expect(range).toBeGreaterThan(0.99);
    }
  });
});

const fixtures = path.resolve(import.meta.dirname, '../../tests/fixtures');

describe.skipIf(!existsSync(path.join(fixtures, 'mitdb', '119.hea')))('runLeadOff on mitdb 119 (tests/fixtures)', () => {
  it('goes on with the other lead: the beats keep coming, no urgent flag, no LEADOFF', () => {
    const report = runLeadOff({ dataDir: fixtures, records: ['119'] });
    expect(report.rows).toHaveLength(7); // as recorded, and each lead off three ways
    for (const row of report.rows) {
      expect(row.records).toBe(1);
      expect(row.urgent).toBe(0);
      expect(row.leadOffMinutes).toBe(0);
      expect(row.beatsReported / row.referenceBeats).toBeGreaterThan(0.98);
      expect(row.beatsReported / row.referenceBeats).toBeLessThan(1.02);
    }
    expect(formatLeadOff(report)).toMatch(/lead 2 +hum/);
  });
});
