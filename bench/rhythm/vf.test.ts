import { describe, expect, it } from 'vitest';
import type { Annotation } from '@clinic-edge/wfdb';
import { referenceSegments } from './vf.js';

const ann = (sample: number, symbol: string, extra: Partial<Annotation> = {}): Annotation =>
  ({ sample, code: 0, mnemonic: symbol, symbol, subtype: 0, chan: 0, num: 0, aux: undefined, ...extra }) as unknown as Annotation;

describe('referenceSegments', () => {
  it('reads vfdb rhythm labels, with (NOISE marked as noise', () => {
    const segs = referenceSegments(
      [ann(0, '+', { aux: '(N' }), ann(100, '+', { aux: '(VFL' }), ann(200, '+', { aux: '(NOISE' }), ann(250, '+', { aux: '(VT' })],
      400,
    );
    expect(segs.map((s) => [s.start, s.end, s.cls, s.noise])).toEqual([
      [0, 100, 'NSR', false],
      [100, 200, 'VF', false],
      [200, 250, 'OTHER', true],
      [250, 400, 'VT', false],
    ]);
  });

  it('reads cudb brackets (open to the end when unclosed) and ~ signal quality by subtype', () => {
    const segs = referenceSegments(
      [ann(10, '~', { subtype: -1 }), ann(20, '~', { subtype: 0 }), ann(50, '+', { aux: '(VF' }), ann(50, '['), ann(90, ']'), ann(120, '[')],
      200,
    );
    expect(segs.map((s) => [s.start, s.end, s.cls, s.noise])).toEqual([
      [0, 10, 'OTHER', false],
      [10, 20, 'OTHER', true],
      [20, 50, 'OTHER', false],
      [50, 91, 'VF', false],
      [91, 120, 'OTHER', false],
      [120, 200, 'VF', false],
    ]);
  });
});
