import type { BeatLabel } from '@clinic-edge/dsp';
import type { Interval } from '../scoring/ec57.js';

/**
 * Scoring of ventricular runs and rhythm episodes against a beat-annotated reference, the way a
 * Holter scanner is judged (EC57 reports run sensitivity and positive predictivity for couplets,
 * short runs of 3-5 and long runs of 6 or more V beats). Pure functions over sample indices.
 */

/** EC57's run classes, by the number of consecutive ventricular beats. */
export const RUN_CLASSES = ['couplet', 'short', 'long'] as const;
export type RunClass = (typeof RUN_CLASSES)[number];

export interface Run {
  start: number; // sample of its first V beat
  end: number; // sample of its last V beat
  beats: number;
}

export function runClass(beats: number): RunClass | null {
  if (beats === 2) return 'couplet';
  if (beats >= 3 && beats <= 5) return 'short';
  return beats >= 6 ? 'long' : null;
}

/** Maximal sequences of two or more consecutive beats for which `isV` holds. */
export function runsOf<T>(beats: readonly T[], sampleOf: (b: T) => number, isV: (b: T) => boolean): Run[] {
  const runs: Run[] = [];
  let first = -1;
  const close = (lastIndex: number): void => {
    const n = lastIndex - first + 1;
    if (first >= 0 && n >= 2) runs.push({ start: sampleOf(beats[first]), end: sampleOf(beats[lastIndex]), beats: n });
    first = -1;
  };
  for (let i = 0; i < beats.length; i++) {
    if (isV(beats[i])) {
      if (first < 0) first = i;
    } else if (first >= 0) close(i - 1);
  }
  if (first >= 0) close(beats.length - 1);
  return runs;
}

export interface MatchCounts {
  tp: number; // reference items found
  fn: number; // reference items missed
  detected: number; // detected items
  detectedTrue: number; // detected items that overlap a reference item
}

/**
 * Overlap matching, widened by `slack` samples on each side of a reference item (a run's first
 * and last V are R peaks; a detection 150 ms off still belongs to it). A reference item is
 * found when any detected item overlaps it; a detected item is true when it overlaps any
 * reference item in `truth` (which may be wider than the scored reference: a detected couplet
 * inside a reference run of five is not a false couplet).
 */
export function matchByOverlap(reference: readonly Interval[], detected: readonly Interval[], truth: readonly Interval[], slack: number): MatchCounts {
  const hits = (a: Interval, b: Interval): boolean => a.start - slack <= b.end && b.start <= a.end + slack;
  const tp = reference.filter((r) => detected.some((d) => hits(r, d))).length;
  const detectedTrue = detected.filter((d) => truth.some((t) => hits(t, d))).length;
  return { tp, fn: reference.length - tp, detected: detected.length, detectedTrue };
}

export function addCounts(a: MatchCounts, b: MatchCounts): MatchCounts {
  return { tp: a.tp + b.tp, fn: a.fn + b.fn, detected: a.detected + b.detected, detectedTrue: a.detectedTrue + b.detectedTrue };
}

export const NO_COUNTS: MatchCounts = { tp: 0, fn: 0, detected: 0, detectedTrue: 0 };

/** Sensitivity and positive predictivity, per cent (null without a denominator). */
export function seAndPpv(c: MatchCounts): { se: number | null; ppv: number | null } {
  const p = (num: number, den: number): number | null => (den > 0 ? Math.round((10000 * num) / den) / 100 : null);
  return { se: p(c.tp, c.tp + c.fn), ppv: p(c.detectedTrue, c.detected) };
}

/** Our runs of V labels over the detected beats. */
export function detectedRuns(beats: readonly { sample: number; label: BeatLabel }[]): Run[] {
  return runsOf(beats, (b) => b.sample, (b) => b.label === 'V');
}

/** Total samples covered by `a` that are also covered by `b` (both lists disjoint within themselves). */
export function overlapSamples(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  for (const x of a) for (const y of b) total += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return total;
}

export function lengthOf(intervals: readonly Interval[]): number {
  return intervals.reduce((s, iv) => s + (iv.end - iv.start), 0);
}
