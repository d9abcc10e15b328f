/**
 * Morphology measures on beat windows. A window holds `leads` blocks of samples of the
 * band-limited ECG, lead after lead. Pure functions; results go into caller-owned objects.
 */

/** Result of aligning a beat against a template. */
export interface Alignment {
  /** Pearson correlation over all usable leads jointly (each lead's mean removed), -1..1. */
  corr: number;
  /** Offset into the beat window where the template fits best, samples (0..2·margin). */
  shift: number;
  /** RMS of the beat over RMS of the template at that shift. */
  amplitude: number;
}

export function newAlignment(): Alignment {
  return { corr: -1, shift: 0, amplitude: 0 };
}

/**
 * Slides a template (`leads` × `width` from `template[tOff..]`) over a beat window
 * (`leads` × (`width` + 2·`margin`)) and keeps the shift of highest joint correlation. Leads
 * whose bit is clear in `leadMask` are ignored (unreadable in this beat). Joint correlation lets
 * the lead with more QRS energy weigh more, as a cardiologist looks first where the beat is clear.
 */
export function alignTemplate(
  beat: Float64Array,
  template: Float64Array,
  tOff: number,
  leads: number,
  width: number,
  margin: number,
  leadMask: number,
  out: Alignment,
): void {
  const span = width + 2 * margin;
  out.corr = -1;
  out.shift = margin;
  out.amplitude = 0;
  for (let k = 0; k <= 2 * margin; k++) {
    jointMoments(beat, k, span, template, tOff, width, width, leads, leadMask);
    const sxy = MOMENTS[0], sxx = MOMENTS[1], syy = MOMENTS[2];
    const den = Math.sqrt(sxx * syy);
    const c = den > 0 ? sxy / den : 0;
    if (c > out.corr) {
      out.corr = c;
      out.shift = k;
      out.amplitude = syy > 0 ? Math.sqrt(sxx / syy) : 0;
    }
  }
}

/** Centred products of beat and template summed over the usable leads: sxy, sxx, syy (scratch, filled by jointMoments). */
const MOMENTS = new Float64Array(3);

/**
 * Fills MOMENTS for `n` samples per lead, the beat read from `bStart` in each lead block of
 * `span` samples, the template from `tStart` in blocks of `width`; each lead's mean removed.
 */
function jointMoments(beat: Float64Array, bStart: number, span: number, template: Float64Array, tStart: number, width: number, n: number, leads: number, leadMask: number): void {
  let sxy = 0, sxx = 0, syy = 0;
  for (let l = 0; l < leads; l++) {
    if ((leadMask & (1 << l)) === 0) continue;
    const b0 = l * span + bStart;
    const t0 = tStart + l * width;
    let sx = 0, sy = 0, pxy = 0, pxx = 0, pyy = 0;
    for (let i = 0; i < n; i++) {
      const x = beat[b0 + i];
      const y = template[t0 + i];
      sx += x;
      sy += y;
      pxy += x * y;
      pxx += x * x;
      pyy += y * y;
    }
    sxy += pxy - (sx * sy) / n;
    sxx += pxx - (sx * sx) / n;
    syy += pyy - (sy * sy) / n;
  }
  MOMENTS[0] = sxy;
  MOMENTS[1] = sxx;
  MOMENTS[2] = syy;
}

/**
 * QRS duration of a template, samples: the span holding the central 90 % of the summed absolute
 * slope over all leads (5 % to 95 % of the cumulative). Slope energy concentrates in the QRS, so
 * this follows the QRS rather than the P or T wave, and, being cumulative, is steady in noise
 * where threshold crossings are not.
 */
export function slopeDuration(template: Float64Array, tOff: number, leads: number, width: number, scratch: Float64Array): number {
  let total = 0;
  for (let i = 1; i < width; i++) {
    let d = 0;
    for (let l = 0; l < leads; l++) {
      const j = tOff + l * width + i;
      d += Math.abs(template[j] - template[j - 1]);
    }
    scratch[i] = d;
    total += d;
  }
  if (!(total > 0)) return 0;
  let acc = 0;
  let first = -1;
  let last = width - 1;
  for (let i = 1; i < width; i++) {
    acc += scratch[i];
    if (first < 0 && acc >= 0.05 * total) first = i;
    if (acc >= 0.95 * total) {
      last = i;
      break;
    }
  }
  return last - Math.max(first, 1) + 1;
}

/**
 * QRS onset of a template, samples from its start: where the summed absolute slope over all leads
 * reaches 5 % of its total (the start of the span `slopeDuration` measures).
 */
export function slopeOnset(template: Float64Array, tOff: number, leads: number, width: number): number {
  let total = 0;
  for (let i = 1; i < width; i++) for (let l = 0; l < leads; l++) total += Math.abs(template[tOff + l * width + i] - template[tOff + l * width + i - 1]);
  if (!(total > 0)) return 0;
  let acc = 0;
  for (let i = 1; i < width; i++) {
    for (let l = 0; l < leads; l++) acc += Math.abs(template[tOff + l * width + i] - template[tOff + l * width + i - 1]);
    if (acc >= 0.05 * total) return i;
  }
  return width - 1;
}

/**
 * Pearson correlation (usable leads jointly, each lead's mean removed) of the template's samples
 * `from..from+len` with the beat window at offset `shift` (as `alignTemplate` found it), written
 * to out[0] (NaN for fewer than 3 samples or a flat segment). Used on the first tens of ms of the
 * QRS: the initial activation vector. Written, not returned: V8 boxes a fractional number a call
 * returns on the heap unless it inlines the call, and this runs for every beat.
 */
export function segmentCorr(
  beat: Float64Array,
  template: Float64Array,
  tOff: number,
  leads: number,
  width: number,
  margin: number,
  leadMask: number,
  shift: number,
  from: number,
  len: number,
  out: Float64Array,
): void {
  const span = width + 2 * margin;
  const n = Math.min(len, width - from);
  out[0] = Number.NaN;
  if (n < 3) return;
  jointMoments(beat, shift + from, span, template, tOff + from, width, n, leads, leadMask);
  const sxy = MOMENTS[0], sxx = MOMENTS[1], syy = MOMENTS[2];
  const den = Math.sqrt(sxx * syy);
  if (den > 0) out[0] = sxy / den;
}

/** Index of the lead with the largest peak-to-peak amplitude in a template (the lead to read polarity in). */
export function mainLead(template: Float64Array, tOff: number, leads: number, width: number): number {
  let best = 0;
  let bestRange = -1;
  for (let l = 0; l < leads; l++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < width; i++) {
      const v = template[tOff + l * width + i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > bestRange) {
      bestRange = hi - lo;
      best = l;
    }
  }
  return best;
}

/** Sign (+1/-1) of the largest deflection of one lead of a template: the main QRS direction. */
export function polarity(template: Float64Array, tOff: number, lead: number, width: number): number {
  let peak = 0;
  for (let i = 0; i < width; i++) {
    const v = template[tOff + lead * width + i];
    if (Math.abs(v) > Math.abs(peak)) peak = v;
  }
  return peak < 0 ? -1 : 1;
}

/**
 * Number of direction changes of `x[off..off+len)` whose swing from the previous turning point
 * exceeds `fraction` of the segment's peak-to-peak range. A clean QRS complex, normal or
 * ventricular, turns 2-5 times; muscle and electrode noise riding on it adds many more.
 */
export function significantTurns(x: Float64Array, off: number, len: number, fraction: number): number {
  let lo = Infinity, hi = -Infinity;
  for (let i = off; i < off + len; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  const step = fraction * (hi - lo);
  if (!(step > 0)) return 0;
  let turns = 0;
  let dir = 0; // +1 rising, -1 falling, 0 until the first swing
  let min = x[off], max = x[off], extreme = x[off];
  for (let i = off + 1; i < off + len; i++) {
    const v = x[i];
    if (dir === 0) {
      if (v < min) min = v;
      if (v > max) max = v;
      if (v - min > step) (dir = 1), (extreme = v);
      else if (max - v > step) (dir = -1), (extreme = v);
    } else if (dir > 0) {
      if (v > extreme) extreme = v;
      else if (extreme - v > step) (turns++, (dir = -1)), (extreme = v);
    } else if (v < extreme) extreme = v;
    else if (v - extreme > step) (turns++, (dir = 1)), (extreme = v);
  }
  return turns;
}

/** Peak-to-peak of x[from..from + n). */
export function peakToPeak(x: Float64Array, from: number, n: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < from + n; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return hi - lo;
}

/** Largest sample-to-sample change in `x[from..from+n)`: the steepest slope, per sample. */
export function steepestSlope(x: Float64Array, from: number, n: number): number {
  let most = 0;
  for (let i = from + 1; i < from + n; i++) {
    const d = Math.abs(x[i] - x[i - 1]);
    if (d > most) most = d;
  }
  return most;
}
