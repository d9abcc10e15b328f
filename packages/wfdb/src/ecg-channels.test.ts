import { describe, expect, it } from 'vitest';
import { ecgChannels, isEcgSignal, millivoltsPerUnit } from './ecg-channels.js';
import { parseHeader } from './header.js';

/** A header with one format-16 signal line per (description, units). */
function header(signals: [string, string][]): ReturnType<typeof parseHeader> {
  const lines = [`r ${signals.length} 250 1000`, ...signals.map(([d, u], i) => `r.dat 16 200/${u} 16 0 ${i} 0 0 ${d}`)];
  return parseHeader(lines.join('\n'), 'r.hea');
}

describe('isEcgSignal', () => {
  it('takes bare lead names and ECG labels in voltage units for ECG', () => {
    for (const d of ['MLII', 'V1', 'D3', 'CM5', 'ECG1', 'ECG lead II', 'II', 'AVR', 'V', '']) {
      expect(isEcgSignal({ description: d, units: 'mV' }), d).toBe(true);
    }
    expect(isEcgSignal({ description: 'ECG', units: 'uV' })).toBe(true);
  });

  it('leaves out pressures, pleth, respiration, EEG and noise, by name or by units', () => {
    for (const d of ['ABP', 'ART', 'PAP', 'CVP', 'BP', 'PLETH', 'SpO2', 'RESP', 'Resp (nasal)', 'Resp C', 'EEG (C4-A1)', 'EOG', 'EMG', 'noise1', 'Temp']) {
      expect(isEcgSignal({ description: d, units: 'mV' }), d).toBe(false);
    }
    expect(isEcgSignal({ description: 'II', units: 'mmHg' })).toBe(false);
    expect(isEcgSignal({ description: 'sig', units: '%' })).toBe(false);
  });
});

describe('millivoltsPerUnit', () => {
  it('scales voltages to mV and refuses other units', () => {
    expect(millivoltsPerUnit('mV')).toBe(1);
    expect(millivoltsPerUnit('uV')).toBe(1e-3);
    expect(millivoltsPerUnit('µV')).toBe(1e-3);
    expect(millivoltsPerUnit('V')).toBe(1000);
    expect(millivoltsPerUnit('mmHg')).toBeNull();
  });
});

describe('ecgChannels', () => {
  it('keeps two ECG leads in header order (mitdb 114 keeps V5 first)', () => {
    expect(ecgChannels(header([['V5', 'mV'], ['MLII', 'mV']]))).toEqual([0, 1]);
  });

  it('skips the signals that are not ECG, wherever they sit', () => {
    expect(ecgChannels(header([['ABP', 'mmHg'], ['II', 'mV'], ['PLETH', 'NU'], ['V', 'mV'], ['RESP', 'pm']]))).toEqual([1, 3]);
    expect(ecgChannels(header([['ECG', 'mV'], ['BP', 'mmHg'], ['EEG (C4-A1)', 'uV'], ['Resp (sum)', 'l']]))).toEqual([0]);
  });

  it('picks lead II and then V1 out of twelve leads', () => {
    const twelve = ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'].map((d): [string, string] => [d, 'mV']);
    expect(ecgChannels(header(twelve))).toEqual([1, 6]);
    expect(ecgChannels(header(twelve.filter(([d]) => d !== 'V1')))).toEqual([1, 6]); // V2, now at 6
    expect(ecgChannels(header(twelve), 1)).toEqual([1]);
  });

  it('finds nothing in a record without ECG', () => {
    expect(ecgChannels(header([['ABP', 'mmHg'], ['RESP', 'mV']]))).toEqual([]);
  });
});
