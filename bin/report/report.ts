import type { AnalysisResult, Episode } from '@clinic-edge/dsp';
import { gridDefs, renderStrip, type StripSignal } from './strip.js';
import { clock, rect, SEVERITY_COLOUR, text } from './svg.js';
import { renderTrend } from './trend.js';

export interface ReportInput {
  record: string;
  sampleRate: number; // Hz
  result: AnalysisResult;
  signal: StripSignal | undefined; // lead shown in the strips
  maxStrips: number;
}

const PAGE_W = 297; // mm (A4 landscape width)
const MARGIN = 12;
const RANK: Record<string, number> = { urgent: 2, warning: 1, info: 0 };
const SEVERITIES = ['urgent', 'warning', 'info'] as const;
/** Device events are not rhythm findings; they get no strip. */
const NO_STRIP = new Set(['LEADOFF', 'NOISE']);

/**
 * Episodes that deserve a strip (urgent and warning rhythm findings), most severe first; within a
 * severity one of each type before a second of any (so eight bigeminies do not hide one VT), each
 * round in time order: the onset of an arrest is the strip to see first, and ordering by
 * confidence put it last on cudb cu01, behind later, surer windows of the same VF.
 */
export function stripEpisodes(episodes: readonly Episode[]): Episode[] {
  const sorted = episodes
    .filter((e) => (e.severity === 'urgent' || e.severity === 'warning') && !NO_STRIP.has(e.type))
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || a.start - b.start);
  const seen = new Map<string, number>(); // type:severity -> how many already placed
  const rankOf = sorted.map((e) => {
    const key = `${e.type}:${e.severity}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n;
  });
  return sorted
    .map((e, i) => ({ e, i, round: rankOf[i] }))
    .sort((a, b) => RANK[b.e.severity] - RANK[a.e.severity] || a.round - b.round || a.i - b.i)
    .map((x) => x.e);
}

/** The whole report as an SVG document in mm (viewBox in mm, so it prints to scale). */
export function renderReport(input: ReportInput): string {
  const { result, sampleRate: fs } = input;
  const s = result.summary;
  const body: string[] = [];
  let y = MARGIN;
  body.push(text(MARGIN, y + 5, `Rhythm report: record ${input.record}`, { 'font-size': 6, 'font-weight': 'bold' }));
  y += 11;
  const hr = s.heartRate;
  const fmt = (v: number | null) => (v === null ? 'n/a' : v.toFixed(0));
  body.push(
    text(MARGIN, y, `Duration ${clock(s.durationS)}   Beats ${s.beats}${s.fibrillationWaves ? ` (+${s.fibrillationWaves} VF waves)` : ''}   Heart rate mean ${fmt(hr.meanBpm)} bpm (min ${fmt(hr.minBpm)}, max ${fmt(hr.maxBpm)})`, { 'font-size': 3.6 }),
  );
  y += 5;
  const b = s.burden;
  body.push(
    text(MARGIN, y, `Ectopy: V ${b.counts.V} (${b.vPerHour.toFixed(0)}/h, ${b.vPercent.toFixed(1)}%)   S ${b.counts.S} (${b.sPerHour.toFixed(0)}/h, ${b.sPercent.toFixed(1)}%)   AF burden ${b.afPercent.toFixed(1)}%`, {
      'font-size': 3.6,
    }),
  );
  y += 5;
  const q = s.quality;
  // Two lines: on one, the counts ran past the page's right edge once VF hid beat-rule flags.
  const grey = { 'font-size': 3.2, fill: '#444444' };
  body.push(text(MARGIN, y, `Signal quality: good ${pct(q.good)}, acceptable ${pct(q.acceptable)}, poor ${pct(q.poor)}, lead off ${pct(q.unusable)}`, grey));
  y += 4.5;
  body.push(
    text(MARGIN, y, `Flags: ${s.downgraded} urgent downgraded for noise, ${s.lowered ?? 0} beat-rule lowered as artefact${s.coveredByVf ? `, ${s.coveredByVf} beat-rule inside VF not shown` : ''}`, grey),
  );
  y += 5;
  body.push(text(MARGIN, y, hrvLine(s.hrv), grey));
  y += 6;
  body.push(text(MARGIN, y, `Findings: ${findings(result.episodes)}`, { 'font-size': 3.6, 'font-weight': 'bold' }));
  y += 9;
  const trendH = 45;
  body.push(renderTrend(result, fs, s.durationS, MARGIN + 8, y, PAGE_W - 2 * MARGIN - 8, trendH));
  y += trendH + 9;
  body.push(legend(MARGIN + 8, y));
  y += 7;
  const shown = stripEpisodes(result.episodes);
  const strips = shown.slice(0, input.maxStrips);
  if (strips.length === 0) {
    body.push(text(MARGIN, y + 4, 'No urgent or warning episodes: no strips.', { 'font-size': 3.4 }));
    y += 8;
  }
  strips.forEach((ep, i) => {
    const r = renderStrip({ index: i + 1, episode: ep, result, signal: input.signal, sampleRate: fs }, MARGIN + 8, y);
    body.push(`<g class="strip">${r.svg}</g>`);
    y += r.height + 2;
  });
  if (shown.length > strips.length) {
    body.push(text(MARGIN, y + 3, `${shown.length - strips.length} more urgent/warning episodes not shown (see ${input.record}.episodes.csv).`, { 'font-size': 3.4 }));
    y += 7;
  }
  const h = Math.ceil(y + MARGIN);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PAGE_W}mm" height="${h}mm" viewBox="0 0 ${PAGE_W} ${h}">`,
    gridDefs(),
    rect(0, 0, PAGE_W, h, { fill: '#ffffff' }),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Median of the 5-minute HRV figures over the windows that have them. */
function hrvLine(windows: ReportInput['result']['summary']['hrv']): string {
  const ok = windows.filter((w) => w.reason === null);
  if (ok.length === 0) return `HRV: no 5-min window with enough normal beats (${windows.length} windows)`;
  const med = (f: (w: (typeof ok)[number]) => number | null) => {
    const v = ok.map(f).filter((x): x is number => x !== null).sort((a, b) => a - b);
    return v.length ? v[v.length >> 1] : NaN;
  };
  return `HRV (median of ${ok.length}/${windows.length} 5-min windows): SDNN ${med((w) => w.sdnnMs).toFixed(0)} ms, RMSSD ${med((w) => w.rmssdMs).toFixed(0)} ms, pNN50 ${med((w) => w.pnn50).toFixed(1)}%, LF/HF ${med((w) => w.lfHf).toFixed(2)}`;
}

function pct(f: number): string {
  return `${(100 * f).toFixed(0)}%`;
}

/**
 * "PAUSE x4 (2 urgent, 2 warning), AFIB x1 (warning)": each rhythm finding with how many of its
 * episodes had each severity, most severe findings first. Naming only the worst severity read as
 * four urgent pauses when two were warnings.
 */
export function findings(episodes: readonly Episode[]): string {
  const by = new Map<string, Record<string, number>>();
  for (const e of episodes) {
    if (NO_STRIP.has(e.type)) continue;
    const counts = by.get(e.type) ?? { urgent: 0, warning: 0, info: 0 };
    counts[e.severity] += 1;
    by.set(e.type, counts);
  }
  if (by.size === 0) return 'none';
  const total = (c: Record<string, number>): number => c.urgent + c.warning + c.info;
  const worst = (c: Record<string, number>): number => (c.urgent > 0 ? 2 : c.warning > 0 ? 1 : 0);
  const detail = (c: Record<string, number>): string => {
    const parts = SEVERITIES.filter((sev) => c[sev] > 0);
    if (parts.length === 1) return parts[0] === 'info' ? '' : ` (${parts[0]})`;
    return ` (${parts.map((sev) => `${c[sev]} ${sev}`).join(', ')})`;
  };
  return [...by.entries()]
    .sort((a, b) => worst(b[1]) - worst(a[1]) || total(b[1]) - total(a[1]))
    .map(([type, c]) => `${type} x${total(c)}${detail(c)}`)
    .join(', ');
}

function legend(x: number, y: number): string {
  const out: string[] = [];
  let cx = x;
  for (const sev of ['urgent', 'warning', 'info']) {
    out.push(rect(cx, y - 2.5, 4, 3, { fill: SEVERITY_COLOUR[sev], 'fill-opacity': sev === 'info' ? 0.12 : 0.25 }));
    out.push(text(cx + 5, y, sev, { 'font-size': 2.8 }));
    cx += 22;
  }
  out.push(rect(cx, y - 2.5, 4, 3, { fill: '#999999', 'fill-opacity': 0.6 }));
  out.push(text(cx + 5, y, 'lead off / noise', { 'font-size': 2.8 }));
  return out.join('\n');
}
