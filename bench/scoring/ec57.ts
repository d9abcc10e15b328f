/**
 * Beat-by-beat QRS detection scoring after ANSI/AAMI EC57 (the rules of WFDB's `bxb`).
 *
 * - Reference beats are the annotations whose mnemonic is a beat label (EC57_BEAT_SYMBOLS).
 * - A detection matches a reference beat within ±150 ms (inclusive), one-to-one. Pairing walks both
 *   streams in time order and pairs the earlier event with its counterpart only when no
 *   later event would be a closer partner, exactly as bxb does.
 * - Ventricular flutter/fibrillation is left out: reference beats inside `[`…`]` or inside a
 *   `(VFL`/`(VF`/`(VFIB` rhythm episode (up to the next rhythm change) are not scored, and a
 *   detection inside one that pairs with no reference beat is neither TP nor FP.
 * - EC57 proper starts scoring 5 minutes into the record; by default we score the whole record
 *   (the foundation issue asks for that). `fromSample` restores the standard start.
 */

/** Beat labels per EC57 / WFDB `isqrs` (N L R B A a J S V r F e j n E / f Q ?). */
export const EC57_BEAT_SYMBOLS: ReadonlySet<string> = new Set([
  'N', 'L', 'R', 'B', 'A', 'a', 'J', 'S', 'V', 'r', 'F', 'e', 'j', 'n', 'E', '/', 'f', 'Q', '?',
]);

const VF_RHYTHMS: ReadonlySet<string> = new Set(['(VFL', '(VF', '(VFIB']);

/** One reference annotation, reduced to what scoring needs. */
export interface ScoredAnnotation {
  sample: number; // index from record start
  symbol: string; // MIT mnemonic: 'N', 'V', '[', '+', ...
  aux?: string; // rhythm label for '+' annotations, e.g. '(VFL'
}

export interface Ec57Options {
  sampleRate: number; // Hz of both annotation streams
  matchWindowSeconds?: number; // default 0.15
  fromSample?: number; // first scored sample; default 0 (whole record)
}

export interface Ec57Counts {
  tp: number;
  fn: number;
  fp: number;
}

export interface Ec57Result extends Ec57Counts {
  se: number | null; // per cent; null when there are no reference beats
  ppv: number | null; // per cent; null when there are no scored detections
  f1: number | null; // per cent
  falseNegatives: number[]; // reference beat samples left unmatched
  falsePositives: number[]; // detection samples counted as FP
}

/** Half-open sample interval [start, end). */
export interface Interval {
  start: number;
  end: number;
}

/** The samples excluded as ventricular flutter/fibrillation, sorted and possibly overlapping. */
export function vfIntervals(annotations: readonly ScoredAnnotation[]): Interval[] {
  const sorted = [...annotations].sort((x, y) => x.sample - y.sample);
  const out: Interval[] = [];
  let bracketStart: number | null = null;
  let rhythmStart: number | null = null;
  for (const a of sorted) {
    if (a.symbol === '[') bracketStart ??= a.sample;
    else if (a.symbol === ']' && bracketStart !== null) {
      out.push({ start: bracketStart, end: a.sample + 1 }); // ']' itself is inside (bxb: vfon <= t <= vfoff)
      bracketStart = null;
    } else if (a.symbol === '+') {
      const label = (a.aux ?? '').replace(/\0+$/, '').trim();
      if (rhythmStart !== null) out.push({ start: rhythmStart, end: a.sample });
      rhythmStart = VF_RHYTHMS.has(label) ? a.sample : null;
    }
  }
  if (bracketStart !== null) out.push({ start: bracketStart, end: Number.POSITIVE_INFINITY });
  if (rhythmStart !== null) out.push({ start: rhythmStart, end: Number.POSITIVE_INFINITY });
  return out.sort((x, y) => x.start - y.start);
}

function inAny(sample: number, intervals: readonly Interval[]): boolean {
  for (const iv of intervals) {
    if (iv.start > sample) return false; // sorted by start
    if (sample < iv.end) return true;
  }
  return false;
}

/** Match window in samples: 150 ms rounded to the nearest sample, as WFDB's strtim(".15") does. */
export function matchWindowSamples(sampleRate: number, seconds = 0.15): number {
  return Math.round(seconds * sampleRate);
}

export function ratesOf({ tp, fn, fp }: Ec57Counts): { se: number | null; ppv: number | null; f1: number | null } {
  const pct = (num: number, den: number): number | null => (den > 0 ? (100 * num) / den : null);
  return { se: pct(tp, tp + fn), ppv: pct(tp, tp + fp), f1: pct(2 * tp, 2 * tp + fn + fp) };
}

/**
 * Score detections (sample indices) against reference annotations of the same record.
 * Pure: neither input is modified.
 */
export function scoreEc57(
  reference: readonly ScoredAnnotation[],
  detections: ArrayLike<number>,
  opts: Ec57Options,
): Ec57Result {
  const window = matchWindowSamples(opts.sampleRate, opts.matchWindowSeconds);
  const from = opts.fromSample ?? 0;
  const excluded = vfIntervals(reference);
  const refs = reference
    .filter((a) => EC57_BEAT_SYMBOLS.has(a.symbol) && a.sample >= from && !inAny(a.sample, excluded))
    .map((a) => a.sample)
    .sort((x, y) => x - y);
  const dets = Array.from(detections)
    .filter((s) => s >= from)
    .sort((x, y) => x - y);
  return pairInTimeOrder(refs, dets, window, excluded);
}

const NONE = Number.POSITIVE_INFINITY;

/**
 * bxb's pairing: look at the earliest pending event; pair it with the other stream's current event
 * if within the window and no later event is a better partner; otherwise it is unmatched.
 */
function pairInTimeOrder(refs: number[], dets: number[], window: number, excluded: readonly Interval[]): Ec57Result {
  const falseNegatives: number[] = [];
  const falsePositives: number[] = [];
  let tp = 0;
  let i = 0;
  let j = 0;
  while (i < refs.length || j < dets.length) {
    const T = i < refs.length ? refs[i] : NONE;
    const nextT = i + 1 < refs.length ? refs[i + 1] : NONE;
    const t = j < dets.length ? dets[j] : NONE;
    const nextt = j + 1 < dets.length ? dets[j + 1] : NONE;
    if (t < T) {
      // Detection first: pair unless the next detection is closer to T and T's own successor
      // would not be better served by that next detection.
      if (T - t <= window && (T - t < dist(T, nextt) || dist(nextT, nextt) < dist(T, nextt))) {
        tp++, i++, j++;
      } else {
        if (!inAny(t, excluded)) falsePositives.push(t);
        j++;
      }
    } else if (t - T <= window && (t - T < dist(t, nextT) || dist(nextt, nextT) < dist(t, nextT))) {
      tp++, i++, j++;
    } else {
      falseNegatives.push(T);
      i++;
    }
  }
  const counts = { tp, fn: falseNegatives.length, fp: falsePositives.length };
  return { ...counts, ...ratesOf(counts), falseNegatives, falsePositives };
}

/** |a − b| where a missing event (infinity) is farther than anything real. */
function dist(a: number, b: number): number {
  const d = Math.abs(a - b);
  return Number.isNaN(d) ? NONE : d;
}

/** Gross statistics: counts summed over records, rates from the sums. */
export function grossOf(results: readonly Ec57Counts[]): Ec57Counts & ReturnType<typeof ratesOf> {
  const sum = results.reduce((acc, r) => ({ tp: acc.tp + r.tp, fn: acc.fn + r.fn, fp: acc.fp + r.fp }), {
    tp: 0,
    fn: 0,
    fp: 0,
  });
  return { ...sum, ...ratesOf(sum) };
}
