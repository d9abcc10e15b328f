import { describe, expect, it } from 'vitest';
import type { Episode } from '@clinic-edge/dsp';
import { findings, stripEpisodes } from './report.js';
import { binnedRate } from './trend.js';

const ep = (type: Episode['type'], severity: Episode['severity'], start = 0, confidence = 1): Episode => ({ type, severity, start, end: start + 100, confidence }) as Episode;

describe('findings line', () => {
  it('counts each severity of a finding, so two warnings are not read as urgent', () => {
    const line = findings([ep('PAUSE', 'urgent'), ep('PAUSE', 'warning'), ep('PAUSE', 'urgent'), ep('PAUSE', 'warning'), ep('AFIB', 'warning'), ep('ASYSTOLE', 'urgent')]);
    expect(line).toBe('PAUSE x4 (2 urgent, 2 warning), ASYSTOLE x1 (urgent), AFIB x1 (warning)');
  });

  it('names one severity once, leaves info unmarked, and skips device events', () => {
    expect(findings([ep('BIGEMINY', 'info'), ep('BIGEMINY', 'info'), ep('LEADOFF', 'warning'), ep('NOISE', 'info')])).toBe('BIGEMINY x2');
    expect(findings([ep('NOISE', 'info')])).toBe('none');
  });
});

describe('strips', () => {
  it('shows urgent before warning, one of each type before a second of any, each round in time order', () => {
    const list = [
      ep('BIGEMINY', 'warning', 50),
      ep('VFIB', 'urgent', 900, 0.95), // later and surer: after the onset
      ep('VFIB', 'urgent', 300, 0.72), // the onset of the arrest
      ep('VT', 'urgent', 600),
      ep('BIGEMINY', 'warning', 20),
      ep('PAUSE', 'warning', 400),
      ep('NOISE', 'info', 10),
    ];
    expect(stripEpisodes(list).map((e) => `${e.type}@${e.start}`)).toEqual(['VFIB@300', 'VT@600', 'VFIB@900', 'BIGEMINY@20', 'PAUSE@400', 'BIGEMINY@50']);
  });
});

describe('heart-rate trend', () => {
  it('draws no heart rate from the detections inside a VFIB episode', () => {
    const fs = 100;
    // 60/min for 30 s, fibrillation waves every 0.25 s for 30 s, 60/min again
    const samples = [
      ...Array.from({ length: 30 }, (_, i) => i * fs),
      ...Array.from({ length: 120 }, (_, i) => 30 * fs + Math.round(i * 0.25 * fs)),
      ...Array.from({ length: 30 }, (_, i) => 60 * fs + i * fs),
    ];
    const beats = samples.map((sample) => ({ sample, label: 'N' as const }));
    const vf = { ...ep('VFIB', 'urgent', 30 * fs), end: 60 * fs - 1 };
    const rate = binnedRate({ beats, episodes: [vf], seconds: [], summary: {} as never }, fs, 90);
    expect([...rate.slice(0, 3)].map(Math.round)).toEqual([60, 60, 60]);
    expect([...rate.slice(3, 6)].every(Number.isNaN)).toBe(true); // 240/min without the episode
    expect([...rate.slice(6, 9)].map(Math.round)).toEqual([60, 60, 60]);
    expect(Math.round(binnedRate({ beats, episodes: [], seconds: [], summary: {} as never }, fs, 90)[4])).toBe(240);
  });
});
