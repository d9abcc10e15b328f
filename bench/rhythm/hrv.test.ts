import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HrvWindow } from '@clinic-edge/dsp';
import { compareWindows, runHrvBench, spread } from './hrv.js';

/** A window starting at `start` s (fs 1), with figures unless `reason` is given. */
function win(start: number, rmssdMs: number | null, hfMs2: number | null = 100, reason: HrvWindow['reason'] = null): HrvWindow {
  const counts = { beats: { N: 300, S: 0, V: 0, Q: 0 }, intervals: 300, nn: 300, excludedLabel: 0, excludedRange: 0, excludedJump: 0 };
  const figures = reason === null;
  return {
    start,
    end: start + 300,
    counts,
    reason,
    meanNnMs: figures ? 1000 : null,
    sdnnMs: figures ? 50 : null,
    rmssdMs: figures ? rmssdMs : null,
    pnn50: figures ? 10 : null,
    hrMeanBpm: figures ? 60 : null,
    lfMs2: figures ? 200 : null,
    hfMs2: figures ? hfMs2 : null,
    lfHf: figures && hfMs2 ? 200 / hfMs2 : null,
  };
}

describe('HRV agreement scoring', () => {
  it('compares the windows where the reference has figures, by start, and counts those only the box has', () => {
    const reference = [win(0, 30), win(300, 40), win(600, null, null, 'too-much-excluded'), win(900, 20)];
    const box = [win(0, 33), win(300, null, null, 'too-few-nn'), win(600, 25), win(900, 20)];
    const { pairs, referenceWindows, boxOnly } = compareWindows(box, reference);
    expect(referenceWindows).toBe(3);
    expect(pairs.map((p) => p.ref.start)).toEqual([0, 900]);
    expect(boxOnly).toBe(1);
  });

  it('reads errors in the figure\'s unit, or relative to the reference, with the bias signed', () => {
    const pairs = [
      { box: win(0, 33, 150), ref: win(0, 30, 100) },
      { box: win(300, 38, 50), ref: win(300, 40, 100) },
      { box: win(600, 20, 100), ref: win(600, 20, 100) },
    ];
    expect(spread(pairs, 'rmssdMs', false)).toEqual({ median: 2, p90: 3, max: 3, bias: 0 });
    expect(spread(pairs, 'hfMs2', true)).toEqual({ median: 50, p90: 50, max: 50, bias: 0 });
    expect(spread([], 'rmssdMs', false)).toEqual({ median: null, p90: null, max: null, bias: null });
  });
});

const data = path.resolve(import.meta.dirname, '../..', process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const has122 = existsSync(path.join(data, 'mitdb', '122.hea'));
if (!has122) console.warn(`hrv bench: skipping the mitdb 122 run, ${data}/mitdb/122.hea not found (set CLINIC_EDGE_DATA)`);

describe.skipIf(!has122)('HRV agreement on mitdb 122 (sinus rhythm, clean)', () => {
  it('reports every window the reference beats give, within a millisecond on RMSSD and SDNN', () => {
    const r = runHrvBench({ dataDir: data, dbs: ['mitdb'], records: ['122'] });
    const mitdb = r.databases[0];
    expect(mitdb.referenceWindows).toBe(6);
    expect(mitdb.compared).toBe(6);
    expect(mitdb.errors.rmssdMs.max).toBeLessThan(1);
    expect(mitdb.errors.sdnnMs.max).toBeLessThan(1);
    expect(mitdb.errors.hfMs2.max).toBeLessThan(10); // per cent of the reference
  }, 120_000);
});
