import { Command } from 'commander';
import { progress } from '../diagnostics/progress.js';
import path from 'node:path';
import { analyzeBeats, analyzeStrip, RecordAnalysis, STRIP_MAX_SECONDS, type AnalysisResult, type BeatLabel, type Episode } from '@clinic-edge/dsp';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isBeatCode, readAnnotations, readHeader, recordPathOf, SignalReader, type RecordHeader } from '@clinic-edge/wfdb';
import { renderReport } from '../report/report.js';
import type { StripSignal } from '../report/strip.js';
import { chooseEcgChannels, leadNames, readLeadRangeMv, streamLeadsMv } from '../lib/ecg-leads.js';
import { CliError, describeError, EXIT_BAD_INPUT } from '../lib/errors.js';
import { channelList, positiveInt } from '../lib/options.js';

export interface AnalyzeOptions {
  outDir: string;
  beats?: string;
  chunk?: number;
  maxStrips: number;
  channels?: number[]; // signal numbers; default the record's ECG leads
  paced?: boolean; // the patient has a ventricular pacemaker (episodes/config.ts pacedPatient)
}

export function analyzeCommand(): Command {
  return new Command('analyze')
    .description('rhythm analysis of WFDB records: beats (N/S/V/Q), episodes, summary and an SVG report per record')
    .argument('<record...>', 'record path without extension (e.g. data/mitdb/119) or its .hea path')
    .option('--out-dir <dir>', 'folder for <name>.beats.csv, .episodes.csv, .summary.json, .report.svg', '.')
    .option('--beats <file>', 'use these beats instead of the signal (RR-based analysis only, up to the last beat): a .csv (sample[,label]), an annotation file, or an annotator name such as atr')
    .option('--channels <list>', 'read these signals (0-based, one or two: 0 or 0,2) instead of the record\'s ECG leads, which are chosen by their header descriptions and units', channelList('--channels'))
    .option('--chunk <n>', 'feed the analyzer n samples at a time (the output does not change)', positiveInt('--chunk'))
    .option('--max-strips <n>', 'ECG strips in the report, most severe first', positiveInt('--max-strips'), 8)
    .option('--paced', 'the patient has a ventricular pacemaker: paced beats read as V, so slow ventricular runs are info, not warnings (VT, pauses and bradycardia are judged as for anyone)')
    .action((records: string[], opts: AnalyzeOptions) => {
      let failed = 0;
      // Many records take minutes: a line on a terminal says how far along it is; pipes stay clean.
      const shown = progress('analysing records', records.length);
      records.forEach((record, i) => {
        shown.update(i, path.basename(record));
        try {
          process.stdout.write(`${analyzeOne(record, opts)}\n`);
        } catch (err) {
          const { message, exitCode } = describeError(err);
          if (exitCode !== EXIT_BAD_INPUT) throw err;
          process.stderr.write(`clinic-edge analyze: ${message}\n`);
          failed++;
        }
      });
      shown.done();
      if (failed > 0) process.exitCode = EXIT_BAD_INPUT;
    });
}

/** Analyses one record, writes its four files, returns the summary line. */
export function analyzeOne(record: string, opts: AnalyzeOptions): string {
  const recordPath = recordPathOf(record);
  const header = readHeader(recordPath);
  const name = path.basename(recordPath);
  const fs = header.sampleRate;
  let result: AnalysisResult;
  let signal: StripSignal | undefined; // lead shown in the report strips
  let from = 'beat times'; // what the analysis read, for the summary line
  const rules = opts.paced ? { ventricular: { pacedPatient: true } } : undefined;
  if (opts.beats) {
    const beats = readBeatsFile(opts.beats, recordPath);
    // Beat times say nothing past their last beat: an annotation file often stops before the signal
    // does (afdb's reference beats cover 10 h of 10.2-h records), and that tail is not asystole.
    result = analyzeBeats(beats.samples, beats.labels, (beats.samples.at(-1) ?? 0) + 1, { sampleRate: fs, rules });
    signal = tryReadLead(header, opts.channels); // strips if the signal happens to be there
  } else {
    if (header.signals.length === 0) throw new CliError(`${header.file}: record has no signals to analyse (use --beats to analyse beat times alone)`);
    const channels = chooseEcgChannels(header, opts.channels);
    from = leadNames(header, channels);
    const analysis = new RecordAnalysis({ sampleRate: fs, leads: channels.length as 1 | 2, rules });
    const frames = streamLeadsMv(header, channels, (leads, at, n) => analysis.push(leads[0], leads[1], at, n), opts.chunk);
    result = analysis.finish();
    signal = { name: leadNames(header, channels.slice(0, 1)), length: frames, range: (a, b) => readLeadRangeMv(header, channels[0], a, b) };
  }
  mkdirSync(opts.outDir, { recursive: true });
  const base = path.join(opts.outDir, name);
  const endSample = Math.max(0, Math.round(result.summary.durationS * fs) - 1);
  writeFileSync(`${base}.beats.csv`, beatsCsv(result));
  writeFileSync(`${base}.episodes.csv`, episodesCsv(result.episodes, endSample));
  // a short recording (a handheld strip) also gets the strip classifier's verdict, N/A/O/~
  const short = !opts.beats && signal && signal.length < STRIP_MAX_SECONDS * fs ? signal.range(0, signal.length) : undefined;
  const strip = short ? analyzeStrip(short, fs) : undefined;
  writeFileSync(`${base}.summary.json`, `${JSON.stringify({ record: name, sampleRate: fs, source: opts.beats ? 'beats' : 'signal', pacedPatient: opts.paced === true, ...result.summary, ...(strip ? { strip } : {}) }, null, 2)}\n`);
  writeFileSync(`${base}.report.svg`, renderReport({ record: name, sampleRate: fs, result, signal, maxStrips: opts.maxStrips }));
  const hr = result.summary.heartRate.meanBpm;
  const urgent = result.episodes.filter((e) => e.severity === 'urgent').length;
  const warning = result.episodes.filter((e) => e.severity === 'warning').length;
  return `${name}: ${result.summary.beats} beats${result.summary.fibrillationWaves ? ` (and ${result.summary.fibrillationWaves} detections in VF)` : ''}, mean heart rate ${hr === null ? 'n/a' : `${hr.toFixed(1)} bpm`}, ${result.episodes.length} episodes (${urgent} urgent, ${warning} warning) from ${from} -> ${base}.{beats.csv,episodes.csv,summary.json,report.svg}`;
}

/** The lead for the strips of a beats-only analysis, where the signal happens to be there. */
function tryReadLead(header: RecordHeader, channels?: readonly number[]): StripSignal | undefined {
  try {
    const channel = chooseEcgChannels(header, channels)[0];
    const reader = new SignalReader(header, { channels: [channel], verifyChecksum: false }); // the files are there
    const length = reader.end;
    reader.close();
    return {
      name: leadNames(header, [channel]),
      length,
      range: (a, b) => {
        try {
          return readLeadRangeMv(header, channel, a, b);
        } catch {
          return undefined; // a strip says the signal is not available
        }
      },
    };
  } catch {
    return undefined; // beats-only analysis does not need the signal
  }
}

function beatsCsv(result: AnalysisResult): string {
  const lines = ['sample,label'];
  for (const b of result.beats) lines.push(`${b.sample},${b.label}`);
  return `${lines.join('\n')}\n`;
}

/** Episodes by start; one still open at the end gets the last sample as its end. */
function episodesCsv(episodes: readonly Episode[], lastSample: number): string {
  const lines = ['start_sample,end_sample,type,severity,confidence'];
  const sorted = [...episodes].sort((a, b) => a.start - b.start || (a.end ?? lastSample) - (b.end ?? lastSample));
  for (const e of sorted) lines.push(`${e.start},${e.end ?? lastSample},${e.type},${e.severity},${e.confidence.toFixed(2)}`);
  return `${lines.join('\n')}\n`;
}

interface BeatsInput {
  samples: Int32Array;
  labels: BeatLabel[];
  file: string;
}

/** MIT-BIH beat symbols to AAMI classes (EC57). Fusion (F) and paced beats are 'Q' here: not V, not normal. */
const AAMI: Record<string, BeatLabel> = {
  N: 'N', L: 'N', R: 'N', e: 'N', j: 'N',
  A: 'S', a: 'S', J: 'S', S: 'S',
  V: 'V', E: 'V',
  F: 'Q', '/': 'Q', f: 'Q', Q: 'Q',
};

export function aamiLabel(symbol: string): BeatLabel {
  return AAMI[symbol] ?? 'Q';
}

/**
 * Beat times for `analyze --beats`: `spec` is a file (a WFDB annotation file, or a CSV with a
 * `sample` column and an optional `label` column), or an annotator name such as `atr`, read
 * as `<record>.<annotator>` for each record.
 */
export function readBeatsFile(spec: string, recordPath: string): BeatsInput {
  const file = !existsSync(spec) && /^[A-Za-z0-9_]+$/.test(spec) ? `${recordPath}.${spec}` : spec;
  if (!existsSync(file)) throw new CliError(`${file}: beats file not found (give a .csv, an annotation file, or an annotator name like atr)`);
  return file.toLowerCase().endsWith('.csv') ? readCsv(file) : readAnnotationBeats(file);
}

function readAnnotationBeats(file: string): BeatsInput {
  const anns = readAnnotations(file).filter((a) => isBeatCode(a.code));
  return { file, samples: Int32Array.from(anns, (a) => a.sample), labels: anns.map((a) => aamiLabel(a.symbol)) };
}

function readCsv(file: string): BeatsInput {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new CliError(`${file}: empty beats file`);
  const head = lines[0].split(',').map((h) => h.trim().toLowerCase());
  const hasHeader = head.includes('sample');
  const sampleCol = hasHeader ? head.indexOf('sample') : 0;
  const labelCol = hasHeader ? head.indexOf('label') : -1;
  const samples: number[] = [];
  const labels: BeatLabel[] = [];
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const cells = lines[i].split(',');
    const s = Number(cells[sampleCol]);
    if (!Number.isInteger(s) || s < 0) throw new CliError(`${file}: line ${i + 1}: "${cells[sampleCol]}" is not a sample index`);
    if (samples.length > 0 && s <= samples[samples.length - 1]) throw new CliError(`${file}: line ${i + 1}: beat samples must increase`);
    samples.push(s);
    const l = labelCol >= 0 ? (cells[labelCol] ?? '').trim() : 'N';
    labels.push(l === 'N' || l === 'S' || l === 'V' || l === 'Q' ? l : aamiLabel(l));
  }
  return { file, samples: Int32Array.from(samples), labels };
}
