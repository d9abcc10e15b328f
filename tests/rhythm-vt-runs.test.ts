import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRecord, type Episode } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
import { runNoiseEm } from '../bench/rhythm/noise-em.js';

// VT that the beat labels break into runs (rhythm/episodes/ventricular.ts): mitdb 223's 55-s VT
// from 578 s, in which every other complex comes out N for stretches, and electrode motion, whose
// "V beats" fill a minute as readily. Skips without the shared data.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const has223 = existsSync(path.join(dataDir, 'mitdb/223.hea'));
if (!has223) console.warn(`rhythm-vt-runs: skipping, mitdb/223 not found under ${dataDir} (set CLINIC_EDGE_DATA)`);
const hasMotion = ['nstdb/118e_6.hea', 'mitdb/118.hea', 'mitdb/115.hea', 'mitdb/220.hea'].every((f) => existsSync(path.join(dataDir, f)));
if (!hasMotion) console.warn(`rhythm-vt-runs: skipping the motion case, nstdb/118e_6, mitdb/118 mitdb/115 or mitdb/220 not found under ${dataDir}`);

const urgentVt = (episodes: readonly Episode[]): Episode[] => episodes.filter((e) => e.type === 'VT' && e.severity === 'urgent');

describe.skipIf(!has223)('VT broken into runs by misread beats', () => {
  it('is one urgent VT inside 223\'s 55-s VT, where no single run reached 30 s', () => {
    const rec = readRecord(path.join(dataDir, 'mitdb/223'), { end: 700 * 360 });
    const fs = rec.sampleRate;
    const episodes = analyzeRecord(rec.signals.slice(0, 2), { sampleRate: fs }).episodes;
    // the runs themselves: none of them 30 s long, so the single-run rule alone leaves warnings
    const vt = episodes.filter((e) => e.type === 'VT' && e.start >= 578 * fs && e.start < 633 * fs);
    expect(vt.every((e) => (e.end as number) - e.start < 30 * fs)).toBe(true);
    const urgent = urgentVt(episodes);
    expect(urgent).toHaveLength(1);
    expect(urgent[0].start / fs).toBeGreaterThan(578);
    expect((urgent[0].end as number) / fs).toBeLessThan(634); // the reference's VT ends at 633.3 s
  }, 60_000);
});

describe.skipIf(!hasMotion)('runs of "V beats" made by electrode motion', () => {
  it('stay warnings on 115 and 220: runs over doubtful seconds do not add up', () => {
    // counted, they made urgent VT on 115 at -6 dB (405 s) and on 220 at 0 dB (592 s)
    const mixes = runNoiseEm({ dataDir, records: ['115', '220'] }).mixes;
    expect(mixes).toHaveLength(6);
    expect(mixes.flatMap((m) => m.urgentFlags.map((f) => `${m.record} ${m.snrDb} dB ${f}`))).toEqual([]);
  }, 120_000);
});
