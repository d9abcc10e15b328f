import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import { FibrillationSpans } from './fibrillation-spans.js';

const FS = 250;
const WINDOW = 4 * FS;
const ep = (type: Episode['type'], start: number, end: number | null = null): Episode => ({ type, severity: 'urgent', start, end, confidence: 1 });

describe('FibrillationSpans', () => {
  it('covers a VFIB flag from its start to its end, and nothing before or after', () => {
    const f = new FibrillationSpans(WINDOW);
    f.event(ep('VFIB', 100 * FS), 'open', 103 * FS);
    expect(f.covers(98 * FS, 99 * FS - 1)).toBe(false);
    expect(f.covers(99 * FS, 100 * FS)).toBe(true); // the second that holds its first sample
    expect(f.covers(150 * FS, 151 * FS - 1)).toBe(true); // open: every later second
    f.event(ep('VFIB', 100 * FS, 160 * FS), 'close', 165 * FS);
    expect(f.covers(160 * FS, 161 * FS - 1)).toBe(true);
    expect(f.covers(161 * FS, 162 * FS - 1)).toBe(false);
  });

  it('counts a waveform VT renamed VFIB from the first window that read VF, not from the VT start', () => {
    const f = new FibrillationSpans(WINDOW);
    f.event(ep('VT', 10 * FS), 'open', 13 * FS);
    expect(f.covers(20 * FS, 21 * FS - 1)).toBe(false); // a VT's complexes are beats
    f.event(ep('VFIB', 10 * FS), 'open', 40 * FS); // renamed: same start, new type
    expect(f.covers(35 * FS, 36 * FS - 1)).toBe(false);
    expect(f.covers(36 * FS, 37 * FS - 1)).toBe(true);
    f.event(ep('VFIB', 10 * FS, 50 * FS), 'close', 52 * FS);
    expect(f.covers(51 * FS, 52 * FS - 1)).toBe(false);
  });

  it('ignores a VT that never turned to VF and a close it never saw open', () => {
    const f = new FibrillationSpans(WINDOW);
    f.event(ep('VT', 10 * FS), 'open', 13 * FS);
    f.event(ep('VT', 10 * FS, 30 * FS), 'close', 32 * FS);
    f.event(ep('VFIB', 50 * FS, 60 * FS), 'close', 62 * FS);
    for (let s = 0; s < 70; s++) expect(f.covers(s * FS, (s + 1) * FS - 1)).toBe(false);
  });
});
