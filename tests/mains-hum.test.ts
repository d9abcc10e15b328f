import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeRecord, HUM_ON_SECONDS, type AnalysisResult, type MainsNotchChoice, type SampleArray } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';

// Mains hum on a lead must not change what the analyzer reports: the notch in front of the beat
// analysis (filters/mains-notch-leads.ts) takes it out before the QRS detector and the classifier,
// and leaves a lead without hum as it is.
const here = path.dirname(fileURLToPath(import.meta.url));
const shared = process.env.CLINIC_EDGE_DATA ?? path.resolve(here, '../../shared/data');
const fixture119 = path.join(here, 'fixtures', 'mitdb', '119');
const has114 = existsSync(path.join(shared, 'mitdb', '114.atr'));

function withHum(leads: readonly SampleArray[], lead: number, hz: number, mv: number, fs: number): Float64Array[] {
  const out = leads.map((l) => Float64Array.from(l));
  for (let i = 0; i < out[lead].length; i++) out[lead][i] += mv * Math.sin((2 * Math.PI * hz * i) / fs);
  return out;
}

interface Reported {
  beats: { sample: number; label: string }[];
  flags: string[];
}

/**
 * Beats with labels after the first seconds (the front end notches a lead once it has carried hum
 * for HUM_ON_SECONDS), and the flags above info.
 */
function analyse(leads: readonly SampleArray[], fs: number, mains?: MainsNotchChoice): Reported {
  const r: AnalysisResult = analyzeRecord(leads, { sampleRate: fs, mains }, fs);
  return {
    beats: r.beats.filter((b) => b.sample >= (HUM_ON_SECONDS + 3) * fs),
    flags: r.episodes.filter((e) => e.severity !== 'info').map((e) => `${e.type}:${e.severity}@${Math.round(e.start / fs)}`),
  };
}

/**
 * Beats of `a` with no beat of `b` within 15 samples (42 ms at 360 Hz) under the same label. The
 * notch may move an R mark by a sample or two; EC57 matches within 150 ms.
 */
function unmatched(a: Reported, b: Reported): string[] {
  let j = 0;
  const out: string[] = [];
  for (const x of a.beats) {
    while (j < b.beats.length && b.beats[j].sample < x.sample - 15) j++;
    let found = false;
    for (let k = j; k < b.beats.length && b.beats[k].sample <= x.sample + 15; k++) found ||= b.beats[k].label === x.label;
    if (!found) out.push(`${x.sample}${x.label}`);
  }
  return out;
}

function expectSame(got: Reported, clean: Reported): void {
  expect(unmatched(got, clean)).toEqual([]);
  expect(unmatched(clean, got)).toEqual([]);
  expect(got.flags).toEqual(clean.flags);
}

describe('mains hum in front of the analyzer', () => {
  it('1 mV of 50 Hz on MLII or of 60 Hz on V1 changes no beat, label or flag of mitdb 119 (10 min)', () => {
    const rec = readRecord(fixture119, { channels: [0, 1], end: 360 * 600 });
    const fs = rec.sampleRate;
    const clean = analyse(rec.signals, fs);
    expect(clean.beats.length).toBeGreaterThan(600);
    expectSame(analyse(withHum(rec.signals, 0, 50, 1, fs), fs), clean);
    expectSame(analyse(withHum(rec.signals, 1, 60, 1, fs), fs), clean);
  });

  it.skipIf(!has114)(`without the notch the same hum turns mitdb 114's beats ventricular (${shared})`, () => {
    const rec = readRecord(path.join(shared, 'mitdb', '114'), { channels: [0, 1], end: 360 * 900 });
    const fs = rec.sampleRate;
    const humming = withHum(rec.signals, 0, 50, 0.5, fs);
    const vCount = (r: Reported): number => r.beats.filter((b) => b.label === 'V').length;
    const clean = analyse(rec.signals, fs);
    const notched = analyse(humming, fs);
    expect(unmatched(notched, clean).length).toBeLessThanOrEqual(2); // an R mark moved by a few samples more
    expect(vCount(notched)).toBe(vCount(clean));
    const unnotched = analyse(humming, fs, 'off');
    expect(unmatched(unnotched, clean).length).toBeGreaterThan(20);
    expect(vCount(unnotched)).toBeGreaterThan(vCount(clean) + 5);
  });
});
