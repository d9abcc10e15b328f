import { describe, expect, it } from 'vitest';
import { ANALYSIS_RATE_HZ, analysisGrid, LeadWindow } from './lead-window.js';
import { ShockableDetector } from './shockable-detector.js';

describe('analysisGrid', () => {
  it('brings the usual device rates exactly to the analysis rate, and leaves that rate alone', () => {
    for (const fs of [100, 125, 128, 200, 256, 300, 360, 500, 512, 1000, 1024, 2000]) {
      expect(analysisGrid(fs)).toEqual({ designHz: fs, analysisHz: ANALYSIS_RATE_HZ });
    }
    expect(analysisGrid(ANALYSIS_RATE_HZ)).toBeNull();
  });

  it('finds a whole-millihertz grid within 5 % where the exact ratio has terms too large', () => {
    for (const fs of [1234.5, 999.9]) {
      const g = analysisGrid(fs)!;
      expect(g.designHz).toBe(fs);
      expect(Math.abs(g.analysisHz - ANALYSIS_RATE_HZ)).toBeLessThanOrEqual(0.05 * ANALYSIS_RATE_HZ);
      expect(Math.abs(g.analysisHz * 1000 - Math.round(g.analysisHz * 1000))).toBeLessThan(1e-6);
    }
    // Not whole millihertz: the resampler is designed for the whole hertz (0.1 % off here).
    expect(analysisGrid(333.3333)).toEqual({ designHz: 333, analysisHz: ANALYSIS_RATE_HZ });
  });
});

describe('LeadWindow', () => {
  it('holds WINDOW seconds on the analysis grid whatever the lead rate, and is valid once full', () => {
    for (const fs of [125, 250, 500, 1234.5]) {
      const w = new LeadWindow(fs, 4);
      const grid = analysisGrid(fs)?.analysisHz ?? fs;
      expect(w.length).toBe(Math.round(4 * grid));
      const second = new Float64Array(Math.round(fs)).fill(0.5);
      for (let s = 0; s < 4; s++) w.push(second, 0, second.length);
      expect(w.valid).toBe(false); // the resampler's latency and the settling second keep it short
      for (let s = 0; s < 3; s++) w.push(second, 0, second.length);
      expect(w.valid).toBe(true);
    }
  });

  it('lets the detector run at any rate the analyzer accepts, with decisions every half second', () => {
    for (const fs of [100, 333.3333, 1234.5, 2000]) {
      let decisions = 0;
      const d = new ShockableDetector({ sampleRate: fs }, () => {}, () => decisions++);
      const x = Float64Array.from({ length: Math.round(20 * fs) }, (_, i) => Math.sin((2 * Math.PI * 5 * i) / fs));
      d.push(x);
      expect(decisions).toBe(40);
    }
  });
});
