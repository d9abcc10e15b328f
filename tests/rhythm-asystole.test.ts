import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { heldToEnd, LONG_STANDSTILL, runAsystole, type AsystoleRow } from '../bench/rhythm/asystole.js';

// Asystole written into both leads of real recordings (bench/rhythm/asystole.ts). mitdb 101 is the
// hard one: its V1 never shows a detectable QRS, and a lead on that shows no beats used to make
// every gap beside it a warning only. Skips without the shared data.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const records = ['101', '119', '203'];
const hasData = records.every((r) => existsSync(path.join(dataDir, `mitdb/${r}.hea`)));
if (!hasData) console.warn(`rhythm-asystole: skipping, mitdb ${records.join(', ')} not found under ${dataDir} (set CLINIC_EDGE_DATA)`);
const hasWander = existsSync(path.join(dataDir, 'nstdb/bw.hea'));
if (hasData && !hasWander) console.warn(`rhythm-asystole: skipping the wander case, nstdb/bw not found under ${dataDir}`);

describe.skipIf(!hasData)('asystole on both leads of real recordings', () => {
  let rows: AsystoleRow[] = [];
  beforeAll(() => {
    rows = runAsystole({ dataDir, records, wanderSnrsDb: [12, 6], pWaveMv: [0.2] }).rows;
  }, 180_000);

  it('raises an urgent ASYSTOLE within 8 s of the last beat, beside a lead that never showed the beats too', () => {
    const clean = rows.filter((r) => r.condition === 'clean');
    expect(clean.map((r) => r.record)).toEqual(records);
    for (const r of clean) {
      expect(r.urgent, r.record).toBe('ASYSTOLE');
      // 4 s without a beat (pause rules), the quality stage's fixed delay (~2 s) and the second it ends in
      expect(r.delayS as number, r.record).toBeLessThanOrEqual(8);
    }
  });

  // Baseline wander (nstdb's bw record at 6 dB) made the quality stage judge the asystole's wander
  // against no QRS at all: the seconds read poor and the alarm was lowered to a warning (119).
  // Now the patient's own QRS is the reference. 101 is left out: there the detector finds beats in
  // the bw record's noise itself, so no gap is seen at all (a limit named in the README).
  it.skipIf(!hasWander)('keeps it urgent under real baseline wander (nstdb bw at 6 dB)', () => {
    for (const name of ['119', '203']) {
      const r = rows.find((w) => w.condition === 6 && w.record === name);
      expect(r?.urgent, name).toMatch(/^(ASYSTOLE|PAUSE)$/);
      expect(r?.delayS as number, name).toBeLessThanOrEqual(8);
    }
  });

  // Ventricular standstill: the P waves go on, the QRS is gone. P waves of a normal size (0.2 mV)
  // must not hide it; taller ones (0.3 mV) still do on 7 of the 22 records (README, Asystole).
  // Nor may they end the alarm: once the detector's thresholds had sunk to the P waves, the first
  // one closed it (9.6 s after the last beat on 203, 12.1 s on 119, of the 30.4-s asystole), an
  // all-clear while the heart was still stopped.
  it('stays urgent to the end when normal-sized P waves go on (ventricular standstill)', () => {
    for (const name of ['119', '203']) {
      const r = rows.find((w) => w.condition === 'P 0.2 mV' && w.record === name) as AsystoleRow;
      expect(r.urgent, name).toMatch(/^(ASYSTOLE|PAUSE)$/);
      expect(r.delayS as number, name).toBeLessThanOrEqual(8);
      expect(heldToEnd(r), `${name}: urgent until ${r.urgentUntilS} s`).toBe(true);
    }
  });

  // Minutes of it: the P waves come to outnumber the old beats in the classifier's memory and
  // become its normal class. Measured against themselves they read QRS-sized, and the alarm
  // closed 88.5 s (203) and 144.3 s (119) after the last beat of a 300-s standstill.
  it('stays urgent to the end of five minutes of ventricular standstill', () => {
    for (const name of ['119', '203']) {
      const r = rows.find((w) => w.condition === `P ${LONG_STANDSTILL.mv} mV for ${LONG_STANDSTILL.seconds} s` && w.record === name) as AsystoleRow;
      expect(r.urgent, name).toBe('ASYSTOLE');
      expect(heldToEnd(r), `${name}: urgent until ${r.urgentUntilS} s`).toBe(true);
    }
  });

  // 106's P waves read 0.46-0.61 of its QRS one by one: the first at 0.61, 44.9 s in, ended the
  // alarm. Judged with their class (under the bar on average) they no longer do.
  it.skipIf(!existsSync(path.join(dataDir, 'mitdb/106.hea')))('stays urgent when one P wave of the train rides higher than the rest (106)', () => {
    const [r] = runAsystole({ dataDir, records: ['106'], wanderSnrsDb: [], pWaveMv: [] }).rows.filter((w) => w.condition !== 'clean');
    expect(r.urgent).toBe('ASYSTOLE');
    expect(heldToEnd(r), `urgent until ${r.urgentUntilS} s`).toBe(true);
  }, 60_000);

  // Tall P waves (0.3 mV) after 201's last beat: the first passed as a beat 4.0 s in and ended the
  // urgent PAUSE before it became ASYSTOLE. An urgent pause is now held like an asystole.
  it.skipIf(!existsSync(path.join(dataDir, 'mitdb/201.hea')))('keeps an urgent pause open through tall P waves until it is ASYSTOLE (201)', () => {
    const [r] = runAsystole({ dataDir, records: ['201'], wanderSnrsDb: [], pWaveMv: [0.3], longStandstill: false }).rows.filter((w) => w.condition !== 'clean');
    expect(r.urgent).toMatch(/^(ASYSTOLE|PAUSE)$/);
    expect(heldToEnd(r), `urgent until ${r.urgentUntilS} s`).toBe(true);
  }, 60_000);

  // Breathing-sized wander (nstdb bw at 12 dB): what the sinking thresholds found in it ended the
  // alarm 7.7 s (203) and 10.7 s (119) after the last beat.
  it.skipIf(!hasWander)('stays urgent to the end under breathing-sized wander (nstdb bw at 12 dB)', () => {
    for (const name of ['119', '203']) {
      const r = rows.find((w) => w.condition === 12 && w.record === name) as AsystoleRow;
      expect(r.urgent, name).toBe('ASYSTOLE');
      expect(heldToEnd(r), `${name}: urgent until ${r.urgentUntilS} s`).toBe(true);
    }
  });
});
