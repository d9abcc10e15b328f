import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Annotation } from '@clinic-edge/wfdb';
import { CliError } from '../../../bin/lib/errors.js';

/**
 * The reference side of the shockable-rhythm benchmarks (vf.ts per detector, vf-system.ts through
 * the whole analyzer): which records, how their rhythm annotations become classed segments and
 * episodes, and the field's definitions both score by.
 */
export const VF_DATABASES = ['vfdb', 'cudb', 'mitdb', 'nstdb'] as const;
export type VfDatabase = (typeof VF_DATABASES)[number];

/** Reference class of a stretch of signal. */
export type RhythmClass = 'VF' | 'VT' | 'NSR' | 'ASYS' | 'OTHER';

/**
 * These follow the usual practice of AED-algorithm evaluation on vfdb/cudb (AHA, Kerber et al.,
 * Circulation 95:1677, 1997; Amann et al. 2005): the AHA's VF goal (> 90 %) is for coarse VF
 * (≥ 200 µV), reported apart in the coarse VF column; rapid VT, NSR, other non-shockable rhythms and
 * asystole each have their own goal; time marked as noise and the seconds just after a rhythm
 * change (where a window straddles two rhythms) are not scored. The grace covers the 4-s window,
 * so the only transition time still scored is the detector's own hold after a shockable rhythm
 * ends (checked on a replay of the left-out decisions: ~6 % of the false seconds on vfdb/cudb
 * fall within 10 s of such an end, so the choice of grace does not drive the specificity).
 */
export const DEFINITIONS = {
  graceSeconds: 5, // seconds after any annotated rhythm change that are not scored (the flag may take 5 s)
  coarseVfMv: 0.2, // coarse VF: peak-to-peak ≥ 0.2 mV (AHA 1997: 200 µV) in the 1-30 Hz band, largest lead
  rapidVtBpm: 180, // rapid VT: QRS rate ≥ 180/min, from detectQrs beats within ±2 s (AHA: > ~150-180)
  minEpisodeSeconds: 5, // shorter annotated episodes are listed but not in the episode Se / delay
};

export function vfRecords(dataDir: string, db: VfDatabase, only?: readonly string[]): string[] {
  const dir = path.join(dataDir, db);
  if (!existsSync(dir)) throw new CliError(`${dir} does not exist; pass --data DIR (the folder holding ${db}/) or set CLINIC_EDGE_DATA`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .map((f) => f.slice(0, -4))
    .filter((n) => existsSync(path.join(dir, `${n}.atr`)) && (db !== 'nstdb' || n.startsWith('118e')))
    .filter((n) => !only || only.includes(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Reference timeline: segments [start, end) of one class, with noise marked apart. */
export interface Segment {
  start: number;
  end: number;
  cls: RhythmClass;
  noise: boolean;
}

const RHYTHMS: Record<string, RhythmClass | 'NOISE'> = {
  '(VF': 'VF', '(VFIB': 'VF', '(VFL': 'VF', '(VT': 'VT', '(N': 'NSR', '(NSR': 'NSR', '(ASYS': 'ASYS', '(NOISE': 'NOISE',
};

/** Rhythm '+' aux labels, '[' ']' flutter/fibrillation brackets and '~' signal quality (subtype 0 = clean). */
export function referenceSegments(annotations: readonly Annotation[], length: number): Segment[] {
  const out: Segment[] = [];
  let rhythm: RhythmClass | 'NOISE' = 'OTHER';
  let bracket = false;
  let tilde = false;
  let from = 0;
  const emit = (to: number): void => {
    if (to <= from) return;
    const cls: RhythmClass = bracket ? 'VF' : rhythm === 'NOISE' ? 'OTHER' : rhythm;
    out.push({ start: from, end: to, cls, noise: tilde || rhythm === 'NOISE' });
    from = to;
  };
  for (const a of [...annotations].sort((x, y) => x.sample - y.sample)) {
    const aux = (a.aux ?? '').replace(/\0+$/, '').trim();
    if (a.symbol === '+' && aux.startsWith('(')) {
      emit(a.sample);
      // cudb writes '(VF' beside its '[': the brackets carry VF there, its end may have no rhythm label.
      rhythm = RHYTHMS[aux] ?? 'OTHER';
    } else if (a.symbol === '[') {
      emit(a.sample);
      bracket = true;
    } else if (a.symbol === ']') {
      emit(a.sample + 1);
      bracket = false;
      if (rhythm === 'VF') rhythm = 'OTHER';
    } else if (a.symbol === '~') {
      emit(a.sample);
      tilde = a.subtype !== 0;
    }
  }
  emit(length);
  return out;
}

export function segmentIndex(segments: readonly Segment[], sample: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].start <= sample) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** QRS rate, /min, from the median RR of detected beats within ±2 s; 0 with fewer than 3 beats. */
export function localRate(beats: Int32Array, at: number, fs: number): number {
  const rr: number[] = [];
  for (let i = 1; i < beats.length; i++) {
    if (Math.abs(beats[i] - at) <= 2 * fs && Math.abs(beats[i - 1] - at) <= 2 * fs) rr.push(beats[i] - beats[i - 1]);
  }
  if (rr.length < 2) return 0;
  rr.sort((a, b) => a - b);
  return (60 * fs) / rr[rr.length >> 1];
}

export interface AnnotatedEpisode {
  kind: 'VF' | 'VT';
  start: number;
  end: number;
}

/** Runs of VF (flutter and fibrillation together) or VT, merged across noise marks. */
export function annotatedEpisodes(segments: readonly Segment[], fs: number): AnnotatedEpisode[] {
  const out: AnnotatedEpisode[] = [];
  for (const s of segments) {
    if (s.cls !== 'VF' && s.cls !== 'VT') continue;
    const last = out[out.length - 1];
    if (last && last.kind === s.cls && last.end === s.start) last.end = s.end;
    else out.push({ kind: s.cls, start: s.start, end: s.end });
  }
  void fs;
  return out;
}
