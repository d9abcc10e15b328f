import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRecord } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';

// The patient's QRS coming back after minutes with only rare escape complexes (cudb cu35): between
// them the detector took low-amplitude activity (0.3-0.5 mV) for beats, and those became the
// reference of "normal". The real,
// narrow QRS returned about 8 times their size, and the guard against electrode motion
// (classify/clusters.ts MAX_DOMINANT_GROWTH) held those as normal for minutes: every real
// beat read V, and the narrow tachycardia from 386 s made an urgent VT at 441 s. Skips without
// the shared data.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const hasCu35 = existsSync(path.join(dataDir, 'cudb/cu35.hea'));
if (!hasCu35) console.warn(`rhythm-returning-qrs: skipping, cudb/cu35 not found under ${dataDir} (set CLINIC_EDGE_DATA)`);

describe.skipIf(!hasCu35)('a QRS that returns larger than the low-amplitude activity taken for beats before it', () => {
  it('becomes the normal beat: cu35\'s narrow tachycardia is neither V beats nor VT', () => {
    const rec = readRecord(path.join(dataDir, 'cudb/cu35'));
    const fs = rec.sampleRate;
    const { beats, episodes } = analyzeRecord(rec.signals.slice(0, 1), { sampleRate: fs });
    // 390-440 s: a regular narrow-complex rhythm at 120-140/min (the reference labels these beats N)
    const inTachy = beats.filter((b) => b.sample >= 390 * fs && b.sample < 440 * fs);
    expect(inTachy.length).toBeGreaterThan(80);
    const v = inTachy.filter((b) => b.label === 'V').length;
    expect(v / inTachy.length).toBeLessThan(0.1); // all but a few read V before
    // between the return of the QRS and the VF the reference marks at 483.6 s: no urgent VT, and
    // VT warnings for seconds, not minutes (a 3-beat salvo of wide complexes at 440 s remains)
    const vt = episodes.filter((e) => e.type === 'VT' && e.start >= 380 * fs && e.start < 483 * fs);
    expect(vt.filter((e) => e.severity === 'urgent').map((e) => `VT@${Math.round(e.start / fs)}s`)).toEqual([]);
    const vtSeconds = vt.reduce((s, e) => s + ((e.end as number) - e.start) / fs, 0);
    expect(vtSeconds).toBeLessThan(5); // 85 s before
    // the VF itself is still flagged urgent
    expect(episodes.some((e) => e.type === 'VFIB' && e.severity === 'urgent' && e.start >= 478 * fs && e.start < 490 * fs)).toBe(true);
  }, 60_000);
});
