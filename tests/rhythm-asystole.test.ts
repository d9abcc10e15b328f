import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAsystole } from '../bench/rhythm/asystole.js';

// Asystole written into both leads of real recordings (bench/rhythm/asystole.ts). mitdb 101 is the
// hard one: its V1 never shows a detectable QRS, and a lead on that shows no beats used to make
// every gap beside it a warning only. Skips without the shared data.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const records = ['101', '119', '203'];
const hasData = records.every((r) => existsSync(path.join(dataDir, `mitdb/${r}.hea`)));
if (!hasData) console.warn(`rhythm-asystole: skipping, mitdb ${records.join(', ')} not found under ${dataDir} (set CLINIC_EDGE_DATA)`);

describe.skipIf(!hasData)('asystole on both leads of real recordings', () => {
  it('raises an urgent ASYSTOLE within 8 s of the last beat, beside a lead that never showed the beats too', () => {
    const { rows } = runAsystole({ dataDir, records });
    expect(rows.map((r) => r.record)).toEqual(records);
    for (const r of rows) {
      expect(r.urgent, r.record).toBe('ASYSTOLE');
      // 4 s without a beat (pause rules), the quality stage's fixed delay (~2 s) and the second it ends in
      expect(r.delayS as number, r.record).toBeLessThanOrEqual(8);
    }
  }, 120_000);
});
