import type { Episode } from '@clinic-edge/dsp';
import { describe, expect, it } from 'vitest';
import { SummaryWindow } from './summary-window.js';

const FS = 250;

describe('SummaryWindow', () => {
  it('takes no heart rate from the Q detections under an open VFIB flag (fibrillation waves)', () => {
    const w = new SummaryWindow(FS);
    for (let i = 0; i < 10; i++) w.beat(i * FS, 'N'); // 60/min
    const vf = { type: 'VFIB', severity: 'urgent', start: 10 * FS, end: null, confidence: 0.9 } as Episode;
    w.open.set(vf, 'urgent');
    for (let i = 0; i < 20; i++) w.beat(10 * FS + i * 50, 'Q'); // waves every 0.2 s: 300/min
    w.open.delete(vf);
    for (let i = 0; i < 10; i++) w.beat(15 * FS + i * FS, 'N');
    const f = w.take();
    expect(f.beats).toBe(40);
    expect(f.labels.Q).toBe(20);
    expect(f.heartRateBpm).toBe(60);
    expect(f.minRrMs).toBe(1000);
  });

  it('still counts Q beats outside VF (a beat seen through noise) in the rate', () => {
    const w = new SummaryWindow(FS);
    for (let i = 0; i < 10; i++) w.beat(i * (FS / 2), i % 2 ? 'Q' : 'N'); // 120/min
    expect(w.take().heartRateBpm).toBe(120);
  });
});
