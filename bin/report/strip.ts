import type { AnalysisResult, Episode } from '@clinic-edge/dsp';
import { attrs, clock, LABEL_COLOUR, line, mm, rect, SEVERITY_COLOUR, text } from './svg.js';

/** Standard ECG paper: 25 mm/s, 10 mm/mV; 1 mm and 5 mm grid. */
export const PAPER_SPEED = 25; // mm/s
export const PAPER_GAIN = 10; // mm/mV
export const STRIP_SECONDS = 10;
export const STRIP_BEFORE_S = 3; // of the strip before the onset
export const STRIP_HEIGHT = 50; // mm: +3 mV / -2 mV around the baseline
const BASELINE_Y = 30; // mm from the top of the paper: most QRS complexes point up
export const STRIP_WIDTH = STRIP_SECONDS * PAPER_SPEED;

/** The grid patterns, defined once per document. */
export function gridDefs(): string {
  const minor = `<pattern id="ecg-minor" width="1" height="1" patternUnits="userSpaceOnUse"><path d="M1,0 L0,0 0,1" fill="none" stroke="#f6c5c5" stroke-width="0.08"/></pattern>`;
  const major = `<pattern id="ecg-major" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="url(#ecg-minor)"/><path d="M5,0 L0,0 0,5" fill="none" stroke="#e06666" stroke-width="0.2"/></pattern>`;
  return `<defs>${minor}${major}</defs>`;
}

/**
 * The lead a report shows, read a strip at a time (the record need not be in memory): its length
 * in samples and its samples [from, to) in mV, or undefined when they cannot be read.
 */
export interface StripSignal {
  name: string; // the lead, as the header describes it (MLII, V1, ECG): strips are read per lead
  length: number;
  range(from: number, to: number): Float64Array | undefined;
}

export interface StripInput {
  index: number; // 1-based, for the title
  episode: Episode;
  result: AnalysisResult;
  signal: StripSignal | undefined; // lead 0
  sampleRate: number;
}

/** One strip: title line, then 10 s of ECG on paper at (x, y); returns SVG and its height, mm. */
export function renderStrip(s: StripInput, x: number, y: number): { svg: string; height: number } {
  const { episode: ep, sampleRate: fs } = s;
  const out: string[] = [];
  const total = s.signal?.length ?? Math.round(s.result.summary.durationS * fs);
  const from = Math.max(0, Math.min(ep.start - Math.round(STRIP_BEFORE_S * fs), total - STRIP_SECONDS * fs));
  const to = Math.min(total, from + STRIP_SECONDS * fs);
  const dur = ((ep.end ?? ep.start) - ep.start) / fs;
  out.push(
    text(x, y + 3.5, `${s.index}. ${ep.type} (${ep.severity})  onset ${clock(ep.start / fs)}  duration ${dur.toFixed(1)} s  confidence ${ep.confidence.toFixed(2)}`, {
      'font-size': 3.4,
      'font-weight': 'bold',
      fill: SEVERITY_COLOUR[ep.severity],
    }),
  );
  const gy = y + 9; // title, then a row for the beat labels above the paper
  // the paper: align the grid with the strip's corner so 5 mm squares start at the origin
  out.push(`<g transform="translate(${mm(x)},${mm(gy)})">`);
  out.push(rect(0, 0, STRIP_WIDTH, STRIP_HEIGHT, { fill: 'url(#ecg-major)', stroke: '#e06666', 'stroke-width': 0.3 }));
  const tx = (sample: number) => ((sample - from) / fs) * PAPER_SPEED;
  const mid = BASELINE_Y;
  const samples = s.signal?.range(from, to);
  if (samples) {
    const base = median(samples, 0, samples.length);
    let d = '';
    let pen = false;
    for (let i = from; i < to; i++) {
      const v = samples[i - from];
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      const py = Math.min(STRIP_HEIGHT, Math.max(0, mid - (v - base) * PAPER_GAIN));
      d += `${pen ? 'L' : 'M'}${mm(tx(i))},${mm(py)}`;
      pen = true;
    }
    out.push(`<path${attrs({ d: d || 'M0,0', fill: 'none', stroke: '#000000', 'stroke-width': 0.25, 'stroke-linejoin': 'round' })}/>`);
    if (s.signal?.name) out.push(text(1.5, 4, s.signal.name, { 'font-size': 3, 'font-weight': 'bold', fill: '#222222' }));
    // 1 mV calibration pulse (10 mm tall, 0.2 s wide) in the margin left of the paper
    out.push(`<path${attrs({ d: `M-7.5,${mid} h1 v-10 h5 v10 h1`, fill: 'none', stroke: '#000000', 'stroke-width': 0.25 })}/>`);
  } else {
    out.push(text(STRIP_WIDTH / 2, mid, 'signal not available (beats-only analysis)', { 'font-size': 3, 'text-anchor': 'middle', fill: '#666666' }));
  }
  const onset = tx(ep.start);
  out.push(line(onset, 0, onset, STRIP_HEIGHT, { stroke: SEVERITY_COLOUR[ep.severity], 'stroke-width': 0.35, 'stroke-dasharray': '1.5,1' }));
  out.push(text(onset + 0.8, STRIP_HEIGHT - 1.2, 'onset', { 'font-size': 2.4, fill: SEVERITY_COLOUR[ep.severity] }));
  for (const b of s.result.beats) {
    if (b.sample < from || b.sample >= to) continue;
    const bx = tx(b.sample);
    out.push(line(bx, -1.2, bx, 0, { stroke: LABEL_COLOUR[b.label], 'stroke-width': 0.3 }));
    out.push(text(bx, -1.8, b.label, { 'font-size': 2.6, 'text-anchor': 'middle', 'font-weight': 'bold', fill: LABEL_COLOUR[b.label] }));
  }
  for (let sec = 0; sec <= STRIP_SECONDS; sec++) {
    const t = from / fs + sec;
    if (sec % 2 === 0) out.push(text(sec * PAPER_SPEED, STRIP_HEIGHT + 3.2, clock(t), { 'font-size': 2.3, 'text-anchor': 'middle', fill: '#555555' }));
  }
  out.push('</g>');
  out.push(text(x + STRIP_WIDTH + 2, gy + 4, '25 mm/s', { 'font-size': 2.4, fill: '#555555' }));
  out.push(text(x + STRIP_WIDTH + 2, gy + 7.5, '10 mm/mV', { 'font-size': 2.4, fill: '#555555' }));
  return { svg: out.join('\n'), height: 9 + STRIP_HEIGHT + 5 };
}

function median(x: Float64Array, from: number, to: number): number {
  const v = Array.from(x.subarray(from, to)).filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : 0;
}
