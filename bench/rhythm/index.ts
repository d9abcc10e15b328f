import path from 'node:path';
import { analyzeRecord } from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { episodeSpans, formatAfLong, grossAf, rhythmTruth, runAfdb, runMitdbAf, scoreAf, type AfLongReport, type AfRecordResult } from './af.js';
import { listRecords } from '../lib/records.js';
import { formatNoiseBench, runNoiseBench } from './noise.js';
import { formatNoiseEm, runNoiseEm } from './noise-em.js';
import { formatHrvBench, runHrvBench } from './hrv.js';
import { formatAlarmLoad, runAlarmLoad } from './alarms.js';
import { formatLeadOff, runLeadOff } from './leadoff.js';
import { formatAsystole, runAsystole } from './asystole.js';
import { formatStripAlarms, runStripAlarms } from './strip-alarms.js';
import { formatNoiseOnly, runNoiseOnly } from './noise-only.js';
import { formatMarks, runMarks } from './marks.js';
import { formatQualityBench, runQualityBench } from './quality.js';
import { formatVBeats, runVBeats } from './vbeats.js';
import { formatVRuns, runVRuns } from './vruns.js';
import { formatVf, runVf } from './vf.js';
import { formatVfSystem, runVfSystem } from './vf-system.js';
import { formatVfHum, formatVfRates, runVfHum, runVfRates } from './vf-conditions.js';
import { sourceRevision } from '../lib/revision.js';

/**
 * `bench rhythm`: every rhythm benchmark in one run and one JSON. Each part is the benchmark its
 * author wrote (run + format functions); a part that fails (say, its data is missing) is reported
 * with its error and the others still run.
 */
export const RHYTHM_PARTS = ['vbeats', 'vruns', 'af', 'analyzer', 'vf', 'vf-system', 'vf-rates', 'vf-hum', 'quality', 'noise', 'noise-em', 'marks', 'hrv', 'alarms', 'leadoff', 'asystole', 'strip-alarms', 'noise-only'] as const;
export type RhythmPart = (typeof RHYTHM_PARTS)[number];

interface Part {
  title: string;
  run: (dataDir: string) => unknown;
  format: (report: never) => string;
}

const PARTS: Record<RhythmPart, Part> = {
  vbeats: { title: 'Beat labels (V and S) on mitdb, EC57 classes', run: (dataDir) => runVBeats({ dataDir }), format: formatVBeats as Part['format'] },
  vruns: { title: 'Ventricular runs (EC57 classes), VT, bigeminy and trigeminy episodes on mitdb, full analyzer', run: (dataDir) => runVRuns({ dataDir }), format: formatVRuns as Part['format'] },
  af: {
    title: 'Atrial fibrillation: afdb (reference beats) and mitdb (detected beats)',
    run: (dataDir) => ({ afdb: runAfdb({ dataDir }), mitdb: runMitdbAf({ dataDir }) }),
    format: ((r: { afdb: Parameters<typeof formatAfLong>[0]; mitdb: Parameters<typeof formatAfLong>[0] }) => `${formatAfLong(r.afdb)}\n\n${formatAfLong(r.mitdb)}`) as Part['format'],
  },
  analyzer: {
    title: 'Full analyzer (QRS, classifier, P waves, quality, gate) on mitdb: AFIB time and urgent flags',
    run: (dataDir) => runAnalyzerMitdb(dataDir),
    format: formatAnalyzerMitdb as Part['format'],
  },
  vf: { title: 'Shockable rhythms (VF/VFL, rapid VT)', run: (dataDir) => runVf({ dataDir }), format: formatVf as Part['format'] },
  'vf-system': { title: 'Shockable rhythms at system level: any urgent flag of the full analyzer on vfdb and cudb', run: (dataDir) => runVfSystem({ dataDir }), format: formatVfSystem as Part['format'] },
  'vf-rates': { title: 'Shockable rhythms on vfdb and cudb resampled to 125 and 500 Hz', run: (dataDir) => runVfRates({ dataDir }), format: formatVfRates as Part['format'] },
  'vf-hum': { title: 'Shockable rhythms on vfdb, cudb and mitdb with 1 mV of 50 Hz mains hum', run: (dataDir) => runVfHum({ dataDir }), format: formatVfHum as Part['format'] },
  quality: { title: 'Signal quality', run: (dataDir) => runQualityBench({ dataDir }), format: formatQualityBench as Part['format'] },
  noise: { title: 'Full analyzer in noise: false urgent flags and inserted events', run: (dataDir) => runNoiseBench({ dataDir }), format: formatNoiseBench as Part['format'] },
  marks: { title: 'Where the QRS marks sit against the reference beats, and how steadily, on mitdb, svdb and qtdb', run: (dataDir) => runMarks({ dataDir }), format: formatMarks as Part['format'] },
  hrv: { title: 'HRV agreement: the box against the reference beats, 5-min windows, on mitdb, svdb and nstdb', run: (dataDir) => runHrvBench({ dataDir }), format: formatHrvBench as Part['format'] },
  alarms: { title: 'Alarm load: urgent and warning flags per hour on mitdb, svdb and qtdb, each checked against the reference beats and rhythm labels', run: (dataDir) => runAlarmLoad({ dataDir }), format: formatAlarmLoad as Part['format'] },
  leadoff: { title: 'One electrode off on mitdb: flat, quiet or humming lead; urgent flags judged against the reference', run: (dataDir) => runLeadOff({ dataDir }), format: formatLeadOff as Part['format'] },
  asystole: { title: 'Asystole written into both leads of each mitdb record: urgent ASYSTOLE/PAUSE raised, and how soon', run: (dataDir) => runAsystole({ dataDir }), format: formatAsystole as Part['format'] },
  'strip-alarms': { title: 'Alarms on a handheld: cinc2017 strips streamed through the full analyzer from their first sample', run: (dataDir) => runStripAlarms({ dataDir }), format: formatStripAlarms as Part['format'] },
  'noise-only': { title: 'Electrodes on, no ECG: nstdb noise records alone through the full analyzer', run: (dataDir) => runNoiseOnly({ dataDir }), format: formatNoiseOnly as Part['format'] },
  'noise-em': { title: 'Full analyzer under electrode motion on other patients (em from 118e_6 - 118)', run: (dataDir) => runNoiseEm({ dataDir }), format: formatNoiseEm as Part['format'] },
};

export interface RhythmBenchReport {
  parts: Partial<Record<RhythmPart, unknown>>;
  errors: Partial<Record<RhythmPart, string>>;
  seconds: Partial<Record<RhythmPart, number>>;
  settings: { data: string; parts: RhythmPart[] };
  revision: string | null; // commit measured, "-dirty" with uncommitted changes
}

export function runRhythmBench(opts: { dataDir: string; parts?: readonly RhythmPart[] }, progress?: (part: RhythmPart, text: string) => void): RhythmBenchReport {
  const parts = opts.parts ?? RHYTHM_PARTS;
  const report: RhythmBenchReport = { parts: {}, errors: {}, seconds: {}, settings: { data: opts.dataDir, parts: [...parts] }, revision: sourceRevision() ?? null };
  for (const p of parts) {
    const t0 = performance.now();
    try {
      report.parts[p] = PARTS[p].run(opts.dataDir);
    } catch (err) {
      report.errors[p] = err instanceof Error ? err.message : String(err);
    }
    report.seconds[p] = Math.round((performance.now() - t0) / 100) / 10;
    progress?.(p, formatPart(report, p));
  }
  return report;
}

export function formatPart(report: RhythmBenchReport, p: RhythmPart): string {
  const head = `== ${p}: ${PARTS[p].title} (${report.seconds[p] ?? '?'} s)`;
  if (report.errors[p]) return `${head}\nFAILED: ${report.errors[p]}`;
  return `${head}\n${PARTS[p].format(report.parts[p] as never)}`;
}

export function formatRhythmBench(report: RhythmBenchReport): string {
  return report.settings.parts.map((p) => formatPart(report, p)).join('\n\n');
}

interface AnalyzerRecord extends AfRecordResult {
  urgent: string[]; // urgent flags as TYPE@s
}

/**
 * AF as the box reports it: every mitdb record through the whole RhythmAnalyzer (both leads), its
 * AFIB episodes scored by time against the reference rhythm (the `af` part runs the AF detector
 * alone); the urgent flags of each record are listed too.
 */
export function runAnalyzerMitdb(dataDir: string, only?: readonly string[]): AfLongReport & { records: AnalyzerRecord[] } {
  const records = listRecords(dataDir, 'mitdb', only).map((ref): AnalyzerRecord => {
    const rec = readRecord(ref.path, { channels: [0, 1] });
    const fs = rec.sampleRate;
    const end = rec.signals[0].length;
    const r = analyzeRecord(rec.signals.map((s) => Float64Array.from(s)), { sampleRate: fs });
    const { af } = rhythmTruth(readAnnotations(`${ref.path}.atr`), end);
    const score = scoreAf(af, episodeSpans(r.episodes.filter((e) => e.type === 'AFIB')), { start: 0, end }, fs);
    const urgent = r.episodes.filter((e) => e.severity === 'urgent').map((e) => `${e.type}@${Math.round(e.start / fs)}`);
    return { db: 'mitdb', record: ref.name, beats: r.beats.length, ...score, urgent, note: urgent.length ? `urgent: ${urgent.slice(0, 3).join(' ')}${urgent.length > 3 ? ' ...' : ''}` : undefined };
  });
  const nonAf = grossAf(records.filter((r) => r.afSeconds === 0));
  return {
    name: 'mitdb',
    mode: 'end-to-end',
    records,
    gross: grossAf(records),
    groups: {
      af: grossAf(records.filter((r) => r.afSeconds > 0)),
      nonAf: { ...nonAf, falseMinutes: nonAf.fpSeconds / 60, falsePercent: nonAf.otherSeconds > 0 ? Math.round((1e5 * nonAf.fpSeconds) / nonAf.otherSeconds) / 1000 : null },
    },
    settings: { data: path.resolve(dataDir), detector: {} },
    revision: sourceRevision() ?? null,
  };
}

export function formatAnalyzerMitdb(r: AfLongReport): string {
  return `${formatAfLong(r)} (full RhythmAnalyzer: AFIB episodes after the quality gate)`;
}
