import type { AnalysisResult } from '@clinic-edge/dsp';
import { attrs, line, mm, rect, SEVERITY_COLOUR, text } from './svg.js';

const BIN_S = 10; // heart-rate points every 10 s: finer than the per-minute summary, still smooth
const HR_MIN = 20;
const HR_MAX = 200; // bpm shown; beyond is clipped to the frame
const DEVICE = new Set(['LEADOFF', 'NOISE']);

/**
 * Mean heart rate of each 10-s bin from the beats (RR 0.2-3 s only), bpm or NaN. Intervals that
 * touch a VFIB episode are left out: the detections there are fibrillation waves, and their
 * "rate" of 250-400/min would draw a heart rate over the shading that says there is none.
 */
export function binnedRate(result: AnalysisResult, sampleRate: number, durationS: number): Float64Array {
  const bins = Math.max(1, Math.ceil(durationS / BIN_S));
  const sum = new Float64Array(bins);
  const count = new Float64Array(bins);
  const beats = result.beats;
  const vf = result.episodes.filter((e) => e.type === 'VFIB');
  const inVf = (sample: number): boolean => vf.some((e) => sample >= e.start && sample <= (e.end ?? Infinity));
  for (let i = 1; i < beats.length; i++) {
    const rr = (beats[i].sample - beats[i - 1].sample) / sampleRate;
    if (rr < 0.2 || rr > 3 || inVf(beats[i].sample) || inVf(beats[i - 1].sample)) continue;
    const b = Math.min(bins - 1, Math.floor(beats[i].sample / sampleRate / BIN_S));
    sum[b] += rr;
    count[b]++;
  }
  return sum.map((s, b) => (count[b] >= 2 ? 60 / (s / count[b]) : NaN));
}

/**
 * Heart-rate trend over the whole record with episodes shaded by severity (device events
 * LEADOFF/NOISE as a grey band along the bottom). Returns SVG for the box at (x, y) of w x h mm.
 */
export function renderTrend(result: AnalysisResult, sampleRate: number, durationS: number, x: number, y: number, w: number, h: number): string {
  const out: string[] = [];
  const tx = (s: number) => x + (w * s) / Math.max(durationS, 1);
  const ty = (bpm: number) => y + h - (h * (Math.min(HR_MAX, Math.max(HR_MIN, bpm)) - HR_MIN)) / (HR_MAX - HR_MIN);
  out.push(text(x, y - 2, 'Heart rate (bpm, 10-s means) with episodes', { 'font-size': 3.2, 'font-weight': 'bold' }));
  out.push(rect(x, y, w, h, { fill: '#ffffff', stroke: '#999999', 'stroke-width': 0.2 }));
  for (const ep of result.episodes) {
    const x0 = tx(ep.start / sampleRate);
    const x1 = Math.max(x0 + 0.4, tx((ep.end ?? ep.start) / sampleRate));
    if (DEVICE.has(ep.type)) out.push(rect(x0, y + h - 3, x1 - x0, 3, { fill: '#999999', 'fill-opacity': 0.6 }));
    else out.push(rect(x0, y, x1 - x0, h, { fill: SEVERITY_COLOUR[ep.severity], 'fill-opacity': ep.severity === 'info' ? 0.12 : 0.25 }));
  }
  for (let bpm = 40; bpm <= HR_MAX; bpm += 40) {
    out.push(line(x, ty(bpm), x + w, ty(bpm), { stroke: '#dddddd', 'stroke-width': 0.15 }));
    out.push(text(x - 1.5, ty(bpm) + 1, String(bpm), { 'font-size': 2.5, 'text-anchor': 'end' }));
  }
  const minutes = durationS / 60;
  const step = minutes <= 15 ? 1 : minutes <= 60 ? 5 : minutes <= 240 ? 30 : 60;
  for (let m = 0; m <= minutes; m += step) {
    out.push(line(tx(m * 60), y + h, tx(m * 60), y + h + 1, { stroke: '#666666', 'stroke-width': 0.2 }));
    out.push(text(tx(m * 60), y + h + 4, `${m} min`, { 'font-size': 2.5, 'text-anchor': 'middle' }));
  }
  const rate = binnedRate(result, sampleRate, durationS);
  let d = '';
  rate.forEach((bpm, b) => {
    if (!Number.isFinite(bpm)) {
      d += ' ';
      return;
    }
    const px = tx((b + 0.5) * BIN_S);
    d += `${d.endsWith(' ') || d === '' ? 'M' : 'L'}${mm(px)},${mm(ty(bpm))}`;
  });
  out.push(`<path${attrs({ d: d.trim().replace(/ +/g, ' ') || 'M0,0', fill: 'none', stroke: '#222222', 'stroke-width': 0.35 })}/>`);
  return out.join('\n');
}
