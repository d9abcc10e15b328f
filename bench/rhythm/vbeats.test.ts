import { describe, expect, it } from 'vitest';
import type { BeatLabel } from '@clinic-edge/dsp';
import { OUT_COLUMNS, REF_ROWS, sRates, tally, vRates, type Confusion } from './vbeats.js';

const FS = 360; // Hz; the match window is 54 samples
const at = (m: Confusion, row: string, col: string): number =>
  m[(REF_ROWS as readonly string[]).indexOf(row)][(OUT_COLUMNS as readonly string[]).indexOf(col)];

describe('vbeats scoring (EC57 / bxb rules)', () => {
  const reference = [
    { sample: 1000, symbol: 'N' },
    { sample: 2000, symbol: 'V' },
    { sample: 3000, symbol: 'V' }, // not detected
    { sample: 4000, symbol: 'F' },
    { sample: 5000, symbol: 'A' },
    { sample: 6000, symbol: 'L' },
    { sample: 7000, symbol: 'E' },
    { sample: 8000, symbol: '+', aux: '(VFL' }, // flutter: not scored until the next rhythm change
    { sample: 8500, symbol: 'V' },
    { sample: 9000, symbol: '+', aux: '(N' },
    { sample: 10000, symbol: 'N' },
  ];
  const detections = [1010, 1990, 4020, 5050, 5500, 6000, 7000, 8510, 8700, 10000];
  const labels: BeatLabel[] = ['N', 'V', 'V', 'S', 'V', 'V', 'Q', 'V', 'V', 'S'];
  const m = tally(reference, detections, labels, FS);

  it('pairs within 150 ms and maps reference labels to AAMI classes', () => {
    expect(at(m, 'N', 'N')).toBe(1);
    expect(at(m, 'V', 'V')).toBe(1);
    expect(at(m, 'V', 'missed')).toBe(1);
    expect(at(m, 'F', 'V')).toBe(1);
    expect(at(m, 'S', 'S')).toBe(1); // 50 samples = 139 ms: inside the window
    expect(at(m, 'extra', 'V')).toBe(1); // 5500 pairs with nothing
    expect(at(m, 'N', 'V')).toBe(1); // L is N class
    expect(at(m, 'V', 'Q')).toBe(1); // E is V class
    expect(at(m, 'N', 'S')).toBe(1);
  });

  it('leaves ventricular flutter out, reference beats and unpaired detections alike', () => {
    const total = m.flat().reduce((a, b) => a + b, 0);
    expect(total).toBe(9);
  });

  it('counts V +P without fusion beats, V Se with missed beats, as bxb does', () => {
    // Vv = 1; VFN = Vq + Vmissed = 2; VFP = Nv + extra v = 2 (Fv not counted)
    expect(vRates(m)).toMatchObject({ tp: 1, fn: 2, fp: 2 });
    expect(vRates(m).se).toBeCloseTo(33.333, 2);
    // Ss = 1; SFP = Ns = 1
    expect(sRates(m)).toMatchObject({ tp: 1, fn: 0, fp: 1, se: 100, ppv: 50 });
  });
});
