import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVf } from '../bench/rhythm/vf.js';

// Regression guards for the shockable-rhythm detector, a few points below the figures measured
// by bench/rhythm/vf.ts (in brackets). Top-level figures are the URGENT tier's (window probability
// 0.7, lowered below it), `anyTier` counts the warnings (0.5) too. Speed is measured in bench/, never here.
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const has = (db: string, rec: string): boolean => existsSync(path.join(shared, db, `${rec}.dat`));

describe.skipIf(!has('vfdb', '422') || !has('vfdb', '430'))('shockable rhythms on vfdb 422 and 430', () => {
  it('flags VF and rapid VT seconds and stays quiet in sinus rhythm', () => {
    const r = runVf({ dataDir: shared, dbs: ['vfdb'], records: ['422', '430'] });
    const [r422, r430] = r.records;
    expect(r422.seconds.vf.pct).toBeGreaterThanOrEqual(93); // (96.6; any tier 97.8)
    expect(r430.seconds.vf.pct).toBeGreaterThanOrEqual(91); // (94.3; any tier 95.7)
    expect(r430.seconds.rapidVt.pct).toBeGreaterThanOrEqual(90); // (100)
    expect(r422.seconds.nsr.pct).toBeGreaterThanOrEqual(99); // (100)
    expect(r.databases.vfdb!.episodes.vf.se!).toBeGreaterThanOrEqual(90); // (13 of 13 VF episodes ≥ 5 s; 422's 16.7-s one at 2047 s 16 s late)
    expect(r.databases.vfdb!.episodes.vf.medianDelay!).toBeLessThanOrEqual(4.5); // (4.1 urgent)
  });
});

describe.skipIf(!has('vfdb', '422') || !has('vfdb', '430'))('the same records as a 125 or 500 Hz board records them', () => {
  it('flags VF and rapid VT alike whatever the sample rate (features on one 250 Hz grid)', () => {
    // Measured 125 / 500 Hz: 422 VF 96.4 / 96.6, 430 VF 94.9 / 95.1, rapid VT 100, NSR 100, median
    // delay 3.1 / 3.8 s. Before the grid, 125 Hz read 68.5, 54.0 and 70 with a 4.8 s median delay.
    for (const resampleHz of [125, 500]) {
      const r = runVf({ dataDir: shared, dbs: ['vfdb'], records: ['422', '430'], resampleHz });
      const [r422, r430] = r.records;
      expect(r422.seconds.vf.pct).toBeGreaterThanOrEqual(93);
      expect(r430.seconds.vf.pct).toBeGreaterThanOrEqual(91);
      expect(r430.seconds.rapidVt.pct).toBeGreaterThanOrEqual(90);
      expect(r422.seconds.nsr.pct).toBeGreaterThanOrEqual(99);
      expect(r.databases.vfdb!.episodes.vf.medianDelay!).toBeLessThanOrEqual(4.5);
    }
  });
});

describe.skipIf(!has('vfdb', '418'))('wide sinus complexes on vfdb 418', () => {
  it('stays quiet in most of 418\'s sinus rhythm, whose wide smooth complexes look like flutter to amplitude counts', () => {
    const r = runVf({ dataDir: shared, dbs: ['vfdb'], records: ['418'] });
    expect(r.records[0].seconds.nsr.pct).toBeGreaterThanOrEqual(97); // (99.3 urgent)
    expect(r.records[0].anyTier.seconds.nsr.pct).toBeGreaterThanOrEqual(95); // (97.5 with the shipped model; 90.6 left out of its fit; 89.8 before flatFraction)
    expect(r.records[0].seconds.vf.pct).toBeGreaterThanOrEqual(88); // (92.2 urgent)
    expect(r.records[0].anyTier.seconds.vf.pct).toBeGreaterThanOrEqual(95); // (100)
  });
});

describe.skipIf(!has('cudb', 'cu01') || !has('cudb', 'cu07'))('shockable rhythms on cudb cu01 and cu07', () => {
  it('flags VF, cu01 within 5 s, and not the rhythm before it', () => {
    const r = runVf({ dataDir: shared, dbs: ['cudb'], records: ['cu01', 'cu07'] });
    expect(r.databases.cudb!.seconds.vf.pct).toBeGreaterThanOrEqual(70); // (73.1 urgent: cu01 100, cu07 48.9, its organised VF is the weak side)
    expect(r.databases.cudb!.anyTier.seconds.vf.pct).toBeGreaterThanOrEqual(80); // (83.6: cu07 68.9)
    expect(r.databases.cudb!.seconds.other.pct).toBeGreaterThanOrEqual(98); // (100)
    expect(r.records.every((x) => x.episodes.every((e) => e.detected))).toBe(true); // urgent at last (cu07 24 s late)
    expect(r.records[0].episodes.every((e) => (e.delay as number) <= 5)).toBe(true); // cu01 (cu07: 10 s any tier)
  });
});

describe.skipIf(!has('cudb', 'cu09'))('wide-complex sinus tachycardia on cudb cu09', () => {
  it('does not call a regular wide-complex rhythm at ~145/min VF, and still flags the VF after it', () => {
    const r = runVf({ dataDir: shared, dbs: ['cudb'], records: ['cu09'] });
    expect(r.records[0].seconds.nsr.pct).toBeGreaterThanOrEqual(97); // (98.7 urgent and any tier; 88.4 without the organised-rhythm veto)
    expect(r.records[0].seconds.vf.pct).toBeGreaterThanOrEqual(85); // (88.7)
  });
});

describe.skipIf(!has('nstdb', '118e_6') || !has('mitdb', '207'))('noise and mitdb', () => {
  it('gives no VFIB on electrode motion at -6 dB and finds 207\'s ventricular flutter', () => {
    const r = runVf({ dataDir: shared, dbs: ['nstdb', 'mitdb'], records: ['118e_6', '207'] });
    const nst = r.records.find((x) => x.record === '118e_6')!;
    expect(nst.falseAlarmSeconds).toBe(0); // (0)
    expect(nst.falseEpisodes).toBe(0); // (0)
    const m207 = r.records.find((x) => x.record === '207')!;
    expect(m207.seconds.vf.pct).toBeGreaterThanOrEqual(90); // (97.3)
    expect(m207.falseAlarmSeconds).toBeLessThanOrEqual(3); // (0)
  });
});
