import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagBacked, formatAlarmLoad, runAlarmLoad, type Flag, type Reference, type ReferenceBeat } from './alarms.js';

const FS = 100; // Hz

/** `count` beats every `rr` s from `from` s, labelled `symbol`. */
function beats(from: number, count: number, rr: number, symbol = 'N'): ReferenceBeat[] {
  return Array.from({ length: count }, (_, i) => ({ sample: Math.round((from + i * rr) * FS), symbol }));
}

const ref = (b: ReferenceBeat[], rhythms: Reference['rhythms'] = []): Reference => ({ beats: b, rhythms, fs: FS });
const flag = (type: string, severity: Flag['severity'], fromS: number, toS: number): Flag => ({ type, severity, start: Math.round(fromS * FS), end: Math.round(toS * FS) });

describe('flagBacked', () => {
  it('backs a pause where a reference RR reaches the limit of its severity', () => {
    const long = [...beats(0, 10, 1), ...beats(12.2, 10, 1)]; // a 3.2-s RR from 9 to 12.2 s
    expect(flagBacked(flag('PAUSE', 'urgent', 9, 12.2), ref(long))).toBe(true);
    expect(flagBacked(flag('ASYSTOLE', 'urgent', 9, 12.2), ref(long))).toBe(true);
    // The same flag where the reference beats keep coming every second: the box missed beats.
    expect(flagBacked(flag('PAUSE', 'urgent', 2, 5.2), ref(long))).toBe(false);
    const warningOnly = [...beats(0, 10, 1), ...beats(11.5, 10, 1)]; // 2.5 s
    expect(flagBacked(flag('PAUSE', 'urgent', 9, 11.5), ref(warningOnly))).toBe(false);
    expect(flagBacked(flag('PAUSE', 'warning', 9, 11.5), ref(warningOnly))).toBe(true);
  });

  it('backs a rate flag by the median rate beyond its limit, not by one short interval', () => {
    expect(flagBacked(flag('TACHY', 'urgent', 0, 20), ref(beats(0, 60, 0.3)))).toBe(true); // 200/min
    expect(flagBacked(flag('TACHY', 'urgent', 0, 20), ref(beats(0, 60, 0.36)))).toBe(false); // 167/min
    expect(flagBacked(flag('TACHY', 'warning', 0, 20), ref(beats(0, 60, 0.36)))).toBe(true);
    const oneShort = beats(0, 30, 0.5);
    oneShort[10].sample -= 0.3 * FS; // a 0.2-s and a 0.8-s interval in 120/min
    expect(flagBacked(flag('TACHY', 'warning', 0, 15), ref(oneShort))).toBe(false);
    expect(flagBacked(flag('BRADY', 'urgent', 0, 30), ref(beats(0, 12, 2.5)))).toBe(true); // 24/min
    expect(flagBacked(flag('BRADY', 'urgent', 0, 30), ref(beats(0, 12, 1.8)))).toBe(false); // 33/min
  });

  it('backs VT by three consecutive ventricular beats or a ventricular rhythm label, not by a couplet', () => {
    const triplet = [...beats(0, 5, 0.8), ...beats(4, 3, 0.4, 'V'), ...beats(5.2, 5, 0.8)];
    expect(flagBacked(flag('VT', 'urgent', 4, 5), ref(triplet))).toBe(true);
    expect(flagBacked(flag('VRUN', 'warning', 4, 5), ref(triplet))).toBe(true);
    const couplet = [...beats(0, 5, 0.8), ...beats(4, 2, 0.4, 'V'), ...beats(4.8, 5, 0.8)];
    expect(flagBacked(flag('VT', 'warning', 4, 5), ref(couplet))).toBe(false);
    expect(flagBacked(flag('VFIB', 'urgent', 4, 5), ref(couplet, [{ sample: 3 * FS, rhythm: '(VT' }, { sample: 6 * FS, rhythm: '(N' }]))).toBe(true);
    expect(flagBacked(flag('VFIB', 'urgent', 4, 5), ref(couplet, [{ sample: 0, rhythm: '(N' }, { sample: 8 * FS, rhythm: '(VT' }]))).toBe(false);
  });

  it('backs bigeminy by four N-V cycles in a row, not three or a V pair', () => {
    const cycles = (k: number): ReferenceBeat[] => beats(0, 2 * k + 1, 0.6).map((b, i) => ({ ...b, symbol: i % 2 === 1 ? 'V' : 'N' }));
    expect(flagBacked(flag('BIGEMINY', 'warning', 0, 6), ref(cycles(4)))).toBe(true);
    expect(flagBacked(flag('BIGEMINY', 'warning', 0, 6), ref(cycles(3)))).toBe(false);
    const broken = cycles(4);
    broken[4].symbol = 'V'; // N V N V V V N V N: the pattern restarts
    expect(flagBacked(flag('BIGEMINY', 'warning', 0, 6), ref(broken))).toBe(false);
  });

  it('judges AF only against rhythm labels, and not lead-off at all', () => {
    const b = beats(0, 60, 0.7);
    expect(flagBacked(flag('AFIB', 'warning', 10, 30), ref(b))).toBeNull();
    expect(flagBacked(flag('AFIB', 'warning', 10, 30), ref(b, [{ sample: 0, rhythm: '(N' }, { sample: 20 * FS, rhythm: '(AFIB' }]))).toBe(true);
    expect(flagBacked(flag('AFIB', 'warning', 10, 30), ref(b, [{ sample: 0, rhythm: '(N' }]))).toBe(false);
    expect(flagBacked(flag('LEADOFF', 'warning', 0, 1), ref(b))).toBeNull();
  });
});

const dataDir = path.resolve(import.meta.dirname, '../..', process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const have = existsSync(path.join(dataDir, 'mitdb', '119.dat'));

describe.skipIf(!have)('alarm load on mitdb 119 and paced 107 (skipped without ../shared/data)', () => {
  it('finds its bigeminy as warnings the reference backs, and raises no urgent flag', () => {
    const report = runAlarmLoad({ dataDir, dbs: ['mitdb'], records: ['119', '107'] });
    // paced 107 is counted apart from the unpaced records
    expect(report.databases.map((x) => [x.paced, x.records])).toEqual([[false, 1], [true, 1]]);
    const [d] = report.databases;
    expect(d.flags.every((f) => f.record === '119')).toBe(true);
    expect(d.hours).toBeCloseTo(0.5, 1);
    // 119: ventricular bigeminy for long stretches (444 V beats in the reference).
    const bigeminy = d.flags.filter((f) => f.type === 'BIGEMINY');
    expect(bigeminy.length).toBeGreaterThan(0);
    expect(bigeminy.every((f) => f.severity === 'warning' && f.backed === true)).toBe(true);
    expect(d.flags.filter((f) => f.severity === 'urgent')).toEqual([]);
    expect(formatAlarmLoad(report)).toMatch(/mitdb paced/);
  }, 60_000);
});
