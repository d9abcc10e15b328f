import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAfdb, runMitdbAf } from '../bench/rhythm/af.js';

const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shared/data');
const has = (db: string): boolean => existsSync(path.join(dataDir, db));

// Floors a few points under the figures measured at commit time (see the commit message / report):
// afdb Se 97.55 Sp 98.33 (scored up to the last annotated beat; 35-interval window, thresholds
// lowered at fast rates, 45-beat onset/offset hysteresis, median ectopic reference, segment cut at
// pauses > 3 s); aftdb 35/40 strips by the streaming detector, 36/40 by the whole-strip
// measure; cinc2017 AF F1 81.97, challenge score 69.8 (classifier labels, P-wave evidence from the
// first lead, whole-strip measure); mitdb 201 Se 97.9 Sp 99.0 (97.7 before the pause cut), 115 and
// 106 (sinus arrhythmia, bigeminy) no false AF since the P-wave veto (RR only now 0 and 5.4 min).
describe.skipIf(!has('afdb'))(`AF detector on afdb, RR only (${dataDir}/afdb)`, () => {
  it('keeps gross duration Se and Sp above their floors, and reads the record-long AF of 07859', () => {
    const r = runAfdb({ dataDir });
    expect(r.gross.se).toBeGreaterThan(96.5);
    expect(r.gross.sp).toBeGreaterThan(97.8);
    expect(r.records.find((x) => x.record === '07859')?.se).toBeGreaterThan(97);
  });
});

describe.skipIf(!has('mitdb'))('AF detector end to end on mitdb, with P-wave evidence', () => {
  it('keeps AF in 201 while sinus arrhythmia (115) and bigeminy (106) raise no AF', () => {
    const r = runMitdbAf({ dataDir, records: ['106', '115', '201'] });
    const rec = (n: string) => r.records.find((x) => x.record === n);
    expect(rec('201')?.se).toBeGreaterThan(95);
    // the episodes end at the 3.7-s pauses where AF stops, not 7-11 s into the escape rhythm
    expect(rec('201')?.sp).toBeGreaterThan(98);
    expect(rec('115')?.fpSeconds).toBeLessThan(30);
    expect(rec('106')?.fpSeconds).toBeLessThan(30);
  });

  it('without the P-wave evidence the same records do show false AF (the veto is what removes it)', () => {
    // 106 (bigeminy with aberrant beats) RR only: 5.4 min measured; 115's sinus arrhythmia (10.2 min
    // with the old 25-interval window) no longer reaches the rate-dependent RR thresholds
    const r = runMitdbAf({ dataDir, records: ['106'], atrial: 'none' });
    expect(r.records[0].fpSeconds).toBeGreaterThan(120);
  });
});
