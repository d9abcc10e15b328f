import path from 'node:path';
import { existsSync } from 'node:fs';
import { qualityOfRecord, type QualityRecord } from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { nstdbSnr } from '../lib/records.js';
import { sourceRevision } from '../lib/revision.js';
import { formatTable, pct } from '../lib/table.js';
import { mixNoise, NST_NORMAL_BEATS, nstSegments } from './noise-mix.js';

export const QUALITY_NOTE =
  "per second per channel; 'poor' counts poor + unusable; noisy/clean after nst's protocol (noise on 5:00-7:00, 9:00-11:00, ...); " +
  'the second holding a noise switch and the 10 s after it (the bSQI window) are left out of the agreement figures';

export interface QualityBenchOptions {
  dataDir: string;
  channels?: number[]; // 0-based, default [0, 1]
  /** mitdb records scored as clean (default: every mitdb record in the folder). */
  cleanRecords?: string[];
  /** mitdb records that get bw/ma noise mixed in (default 101, 106, 118, 119). */
  mixRecords?: string[];
  /** SNRs of the mixes, dB (default 6 and 0). */
  mixSnrs?: number[];
}

/** Per cent figures of one record and channel against the nst noise protocol. */
export interface SegmentAgreement {
  source: string; // 'nstdb/118e06' or 'mitdb/118+ma'
  snrDb: number;
  channel: number;
  seconds: number;
  poor: number; // % of all seconds poor or unusable
  unusable: number; // % of all seconds unusable (lead-off)
  poorInNoisy: number | null; // % of noisy seconds marked poor (how much noise is caught)
  poorInClean: number | null; // % of clean seconds marked poor (false marking)
  notGoodInNoisy: number | null; // % of noisy seconds not 'good'
  meanIndexNoisy: number | null;
  meanIndexClean: number | null;
}

export interface CleanRecordQuality {
  record: string;
  channel: number;
  seconds: number;
  poor: number; // %
  unusable: number; // %
  notGood: number; // %
  meanIndex: number;
  problems: Record<string, number>; // seconds with each problem
}

export interface QualityBenchReport {
  nstdb: SegmentAgreement[];
  mixes: SegmentAgreement[];
  clean: CleanRecordQuality[];
  cleanGross: { seconds: number; poor: number; unusable: number; notGood: number };
  settings: { data: string; channels: number[]; mixRecords: string[]; mixSnrs: number[] };
  note: string;
  revision: string | null;
}

const isPoor = (r: QualityRecord): boolean => r.class === 'poor' || r.class === 'unusable';
const round2 = (x: number): number => Math.round(x * 100) / 100;
const share = (n: number, d: number): number | null => (d === 0 ? null : round2((100 * n) / d));

/** Runs SignalQuality over nstdb 118e*, clean mitdb records and bw/ma mixes. */
export function runQualityBench(opts: QualityBenchOptions): QualityBenchReport {
  const channels = opts.channels ?? [0, 1];
  const nstDir = path.join(opts.dataDir, 'nstdb');
  const mitDir = path.join(opts.dataDir, 'mitdb');
  for (const dir of [nstDir, mitDir]) {
    if (!existsSync(dir)) throw new CliError(`${dir} does not exist; pass --data DIR (the folder holding nstdb/ and mitdb/) or set CLINIC_EDGE_DATA`);
  }
  const nstdb: SegmentAgreement[] = [];
  for (const name of ['118e24', '118e18', '118e12', '118e06', '118e00', '118e_6']) {
    const rec = readRecord(path.join(nstDir, name), { channels });
    channels.forEach((ch, k) => {
      const q = qualityOfRecord(rec.signals[k], { sampleRate: rec.sampleRate, channel: ch });
      nstdb.push(agreement(`nstdb/${name}`, nstdbSnr(name) ?? NaN, ch, q, nstSegments(rec.signals[k].length, rec.sampleRate)));
    });
  }

  const cleanNames = opts.cleanRecords ?? listMitdb(mitDir);
  const clean: CleanRecordQuality[] = [];
  for (const name of cleanNames) {
    const rec = readRecord(path.join(mitDir, name), { channels });
    channels.forEach((ch, k) => clean.push(cleanQuality(name, ch, qualityOfRecord(rec.signals[k], { sampleRate: rec.sampleRate, channel: ch }))));
  }
  const total = clean.reduce((a, c) => a + c.seconds, 0);
  const sumOf = (f: (c: CleanRecordQuality) => number): number => round2(clean.reduce((a, c) => a + (f(c) * c.seconds) / 100, 0) * (100 / Math.max(1, total)));

  const mixRecords = opts.mixRecords ?? ['101', '106', '118', '119'];
  const mixSnrs = opts.mixSnrs ?? [6, 0];
  const mixes: SegmentAgreement[] = [];
  for (const noiseName of ['bw', 'ma']) {
    const noise = readRecord(path.join(nstDir, noiseName), { channels });
    for (const name of mixRecords) {
      const rec = readRecord(path.join(mitDir, name), { channels });
      const beats = readAnnotations(path.join(mitDir, `${name}.atr`)).filter((a) => NST_NORMAL_BEATS.has(a.symbol)).map((a) => a.sample);
      for (const snrDb of mixSnrs) {
        channels.forEach((ch, k) => {
          const mix = mixNoise(rec.signals[k], noise.signals[k % noise.signals.length], { sampleRate: rec.sampleRate, snrDb, beats });
          const q = qualityOfRecord(mix.signal, { sampleRate: rec.sampleRate, channel: ch });
          mixes.push(agreement(`mitdb/${name}+${noiseName}`, snrDb, ch, q, mix.noisy));
        });
      }
    }
  }

  return {
    nstdb,
    mixes,
    clean,
    cleanGross: { seconds: total, poor: sumOf((c) => c.poor), unusable: sumOf((c) => c.unusable), notGood: sumOf((c) => c.notGood) },
    settings: { data: opts.dataDir, channels, mixRecords, mixSnrs },
    note: QUALITY_NOTE,
    revision: sourceRevision() ?? null,
  };
}

function listMitdb(dir: string): string[] {
  return ['101', '102', '104', '106', '107', '108', '109', '112', '114', '115', '116', '118', '119', '122', '124', '201', '203', '205', '207', '208', '209', '215', '217', '220', '223', '230'].filter((n) =>
    existsSync(path.join(dir, `${n}.hea`)),
  );
}

function agreement(source: string, snrDb: number, channel: number, q: QualityRecord[], noisy: [number, number][]): SegmentAgreement {
  const fs = q.length > 0 ? q[0].length : 1;
  const toggles = noisy.flat();
  let nNoisy = 0, nClean = 0, poorNoisy = 0, poorClean = 0, notGoodNoisy = 0, idxNoisy = 0, idxClean = 0;
  for (const r of q) {
    if (toggles.some((t) => r.start + r.length > t && r.start < t + 10 * fs)) continue; // transition
    const inNoise = noisy.some(([a, b]) => r.start >= a && r.start < b);
    if (inNoise) {
      nNoisy++;
      idxNoisy += r.index;
      if (isPoor(r)) poorNoisy++;
      if (r.class !== 'good') notGoodNoisy++;
    } else {
      nClean++;
      idxClean += r.index;
      if (isPoor(r)) poorClean++;
    }
  }
  return {
    source,
    snrDb,
    channel,
    seconds: q.length,
    poor: share(q.filter(isPoor).length, q.length) ?? 0,
    unusable: share(q.filter((r) => r.class === 'unusable').length, q.length) ?? 0,
    poorInNoisy: share(poorNoisy, nNoisy),
    poorInClean: share(poorClean, nClean),
    notGoodInNoisy: share(notGoodNoisy, nNoisy),
    meanIndexNoisy: nNoisy ? round2(idxNoisy / nNoisy) : null,
    meanIndexClean: nClean ? round2(idxClean / nClean) : null,
  };
}

function cleanQuality(record: string, channel: number, q: QualityRecord[]): CleanRecordQuality {
  const problems: Record<string, number> = {};
  for (const r of q) for (const p of r.problems) problems[p] = (problems[p] ?? 0) + 1;
  return {
    record,
    channel,
    seconds: q.length,
    poor: share(q.filter(isPoor).length, q.length) ?? 0,
    unusable: share(q.filter((r) => r.class === 'unusable').length, q.length) ?? 0,
    notGood: share(q.filter((r) => r.class !== 'good').length, q.length) ?? 0,
    meanIndex: round2(q.reduce((a, r) => a + r.index, 0) / Math.max(1, q.length)),
    problems,
  };
}

/** Aligned tables: nstdb agreement per SNR, bw/ma mixes, clean mitdb. */
export function formatQualityBench(report: QualityBenchReport): string {
  const head = ['source', 'SNR dB', 'ch', 'poor %', 'unusable %', 'poor|noisy %', 'poor|clean %', 'not good|noisy %', 'index noisy', 'index clean'];
  const row = (a: SegmentAgreement): string[] => [
    a.source, `${a.snrDb}`, `${a.channel}`, pct(a.poor), pct(a.unusable), pct(a.poorInNoisy), pct(a.poorInClean), pct(a.notGoodInNoisy),
    a.meanIndexNoisy?.toFixed(2) ?? '-', a.meanIndexClean?.toFixed(2) ?? '-',
  ];
  const worst = [...report.clean].sort((a, b) => b.poor - a.poor).slice(0, 8);
  const cleanHead = ['mitdb (clean)', 'ch', 'poor %', 'unusable %', 'not good %', 'mean index', 'problems (seconds)'];
  const cleanRows = worst.map((c) => [c.record, `${c.channel}`, pct(c.poor), pct(c.unusable), pct(c.notGood), c.meanIndex.toFixed(2), Object.entries(c.problems).map(([k, v]) => `${k} ${v}`).join(', ')]);
  const g = report.cleanGross;
  cleanRows.push([`all ${report.clean.length / report.settings.channels.length} records`, '*', pct(g.poor), pct(g.unusable), pct(g.notGood), '', `${g.seconds} s`]);
  return [
    formatTable(head, report.nstdb.map(row)),
    formatTable(head, report.mixes.map(row)),
    `clean mitdb, the ${worst.length} channel-records with most poor seconds, then all:\n${formatTable(cleanHead, cleanRows)}`,
    report.note,
  ].join('\n\n');
}
