import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRecord } from '@clinic-edge/wfdb';
import { runAccuracy } from '../bench/accuracy.js';
import { runNoiseTransfer } from '../bench/noise-transfer.js';
import { detectBeats } from '../bin/lib/detect-beats.js';

// Regression guards for the detector's accuracy targets. Speed is measured in bench/, never here.
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const hasShared = existsSync(path.join(shared, 'mitdb', '101.atr'));

describe('QRS detection on the bundled record (mitdb 119)', () => {
  for (const hz of [undefined, 128, 250, 500]) {
    it(`holds Se and +P >= 99.5% ${hz ? `resampled to ${hz} Hz` : 'at 360 Hz'}`, () => {
      const report = runAccuracy({ dataDir: fixtures, db: 'mitdb', records: ['119'], resampleHz: hz });
      expect(report.gross.tp).toBeGreaterThan(1900);
      expect(report.gross.se).toBeGreaterThanOrEqual(99.5);
      expect(report.gross.ppv).toBeGreaterThanOrEqual(99.5);
    });
  }

  it('finds the same beats whatever the chunk sizes', () => {
    const rec = readRecord(path.join(fixtures, 'mitdb', '119'), { end: 360 * 300 });
    const whole = detectBeats(rec.signals, rec.sampleRate);
    expect(whole.length).toBeGreaterThan(300);
    for (const chunk of [1, 17, 360, 4097]) {
      expect(Array.from(detectBeats(rec.signals, rec.sampleRate, chunk))).toEqual(Array.from(whole));
    }
  });
});

describe.skipIf(!hasShared)(`QRS detection on the shared PhysioNet databases (${shared})`, () => {
  it('mitdb, all shared records, paced included: gross Se and +P >= 99.8%', () => {
    const { gross, records } = runAccuracy({ dataDir: shared, db: 'mitdb' });
    expect(records.length).toBe(26);
    expect(gross.se).toBeGreaterThanOrEqual(99.8);
    expect(gross.ppv).toBeGreaterThanOrEqual(99.8);
  });

  for (const db of ['svdb', 'qtdb'] as const) {
    it(`${db}: gross Se and +P >= 99.5% at its own sampling rate`, () => {
      const { gross } = runAccuracy({ dataDir: shared, db });
      expect(gross.se).toBeGreaterThanOrEqual(99.5);
      expect(gross.ppv).toBeGreaterThanOrEqual(99.5);
    });
  }

  it('nstdb electrode-motion noise: F1 >= 97.5 / 93 / 85 % at 12 / 6 / 0 dB', () => {
    const report = runAccuracy({ dataDir: shared, db: 'nstdb' });
    const f1At = (snr: number) => report.databases.nstdb?.bySnr?.find((s) => s.snrDb === snr)?.f1 ?? 0;
    expect(f1At(12)).toBeGreaterThanOrEqual(97.5);
    expect(f1At(6)).toBeGreaterThanOrEqual(93);
    expect(f1At(0)).toBeGreaterThanOrEqual(85);
  });

  it("118's electrode-motion noise on other patients: two leads hold F1 >= 93 / 85 % at 6 / 0 dB and beat one lead", () => {
    const rows = runNoiseTransfer({ dataDir: shared, records: ['106', '119', '208'], snrs: ['06', '00'] });
    const f1 = (snr: string, leads: 1 | 2) => rows.find((r) => r.snr === snr && r.leads === leads)?.gross.f1 ?? 0;
    expect(f1('06', 2)).toBeGreaterThanOrEqual(93);
    expect(f1('00', 2)).toBeGreaterThanOrEqual(85);
    expect(f1('06', 2)).toBeGreaterThan(f1('06', 1));
    expect(f1('00', 2)).toBeGreaterThan(f1('00', 1));
  });
});

if (!hasShared) {
  // eslint-disable-next-line no-console
  console.warn(`shared PhysioNet data not found at ${shared}: database accuracy tests skipped (set CLINIC_EDGE_DATA)`);
}
