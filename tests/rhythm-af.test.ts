import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzerMitdb } from '../bench/rhythm/index.js';

// AF through the whole RhythmAnalyzer (P-wave evidence from AtrialActivity on the first lead):
// sinus arrhythmia with P waves (mitdb 115) is not AF, real AF (201) still is. Skips without data.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const hasData = existsSync(path.join(dataDir, 'mitdb', '115.hea')) && existsSync(path.join(dataDir, 'mitdb', '201.hea'));
if (!hasData) console.warn(`rhythm-af: skipping, mitdb/115 or mitdb/201 not found under ${dataDir} (set CLINIC_EDGE_DATA)`);

describe.skipIf(!hasData)('full analyzer AF on mitdb', () => {
  it('raises no AFIB on 115 (irregular sinus rhythm with P waves) and finds the AF of 201', () => {
    const r = runAnalyzerMitdb(dataDir, ['115', '201']);
    const [r115, r201] = r.records;
    expect(r115.detections).toBe(0);
    // measured 97.6 / 97.8 (Se / Sp by time)
    expect(r201.se).toBeGreaterThan(90);
    expect(r201.sp).toBeGreaterThan(93);
  }, 120_000);
});
