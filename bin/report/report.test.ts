import { describe, expect, it } from 'vitest';
import type { Episode } from '@clinic-edge/dsp';
import { findings } from './report.js';

const ep = (type: Episode['type'], severity: Episode['severity']): Episode => ({ type, severity, start: 0, end: 100, confidence: 1 }) as Episode;

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
