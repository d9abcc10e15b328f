import os from 'node:os';
import {
  BaselineWanderFilter,
  BiquadCascade,
  Derivative,
  MovingWindowIntegrator,
  QrsDetector,
  butterworthBandpass,
  createMainsNotch,
  butterworthHighpass,
  type StreamFilter,
} from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
import type { Lead } from '../bin/lib/detect-beats.js';
import { CliError } from '../bin/lib/errors.js';
import { listRecords, missingRecords, type Database } from './lib/records.js';
import { sourceRevision } from './lib/revision.js';
import { formatTable, si } from './lib/table.js';

export interface ThroughputOptions {
  dataDir: string;
  db: Database;
  records?: string[];
  runs: number; // timed runs after one warm-up
  chunk: number; // samples per push/process call
}

export interface Timing {
  samplesPerSecond: number; // from the best run, wall clock
  medianSamplesPerSecond: number;
  bestMs: number;
  medianMs: number;
  /**
   * Samples per second of CPU time (user + system) of the best run: on a shared machine the wall
   * clock also counts the time other processes held the core; CPU time does not.
   */
  samplesPerCpuSecond: number;
}

export interface ThroughputReport {
  floor: Timing & { checksum: number };
  stages: (Timing & { name: string })[];
  chain: Timing & { beats: number }; // notch + baseline + QRS detector, one lead
  detector: Timing & { beats: number }; // QRS detector alone, one lead
  chainTwoLeads: Timing & { beats: number }; // samples/s counts frames (one sample per lead)
  realtimeFactor: number; // chain samples/s ÷ 360 (one 360 Hz lead)
  chainToFloorRatio: number; // best chain time ÷ best floor time
  peakRssBytes: number; // includes the records held in memory (dataBytes)
  peakHeapUsedBytes: number;
  peakArrayBuffersBytes: number;
  dataBytes: number; // the records' samples held in memory during the runs
  samples: number; // per lead, per run
  records: string[];
  sampleRate: number; // Hz
  settings: { data: string; db: string; runs: number; chunk: number };
  environment: { node: string; cpu: string; platform: string; threads: 1 };
  revision: string | null; // commit measured, '-dirty' with uncommitted changes
}

interface Loaded {
  name: string;
  sampleRate: number;
  leads: Lead[];
}

/** Each filter stage that packages/dsp exports, configured as an ECG front end would use it. */
function stageFactories(sampleRate: number): { name: string; make: () => StreamFilter }[] {
  return [
    { name: 'bandpass 5-20 Hz (Butterworth, order 2)', make: () => new BiquadCascade(butterworthBandpass(2, 5, 20, sampleRate)) },
    { name: 'baseline high-pass 0.5 Hz (Butterworth, order 2)', make: () => new BiquadCascade(butterworthHighpass(2, 0.5, sampleRate)) },
    { name: 'baseline wander, linear phase 0.67 Hz', make: () => new BaselineWanderFilter({ sampleRateHz: sampleRate }) },
    { name: 'mains notch 60 Hz (IIR, Q 30)', make: () => createMainsNotch({ mainsHz: 60, sampleRateHz: sampleRate }) },
    { name: 'derivative (five-point)', make: () => new Derivative(sampleRate) },
    { name: 'moving-window integrator 150 ms', make: () => new MovingWindowIntegrator(Math.round(0.15 * sampleRate)) },
  ];
}

/** Times the floor, each stage and the detector over records held in memory (I/O is not timed). */
export function runThroughput(opts: ThroughputOptions): ThroughputReport {
  const loaded = loadAll(opts);
  const sampleRate = loaded[0].sampleRate;
  const samples = loaded.reduce((n, r) => n + r.leads[0].length, 0);
  const memory = new PeakMemory();
  const time = (fn: () => number): Timing & { result: number } => timeRuns(fn, opts.runs, samples, () => memory.sample());

  const floor = time(() => floorPass(loaded));
  const stages = stageFactories(sampleRate).map(({ name, make }) => {
    const { result: _checksum, ...t } = time(() => stagePass(loaded, make, opts.chunk));
    return { name, ...t };
  });
  const { result: beats, ...chain } = time(() => fullChainPass(loaded, opts.chunk));
  const { result: detBeats, ...detector } = time(() => chainPass(loaded, opts.chunk, 1));
  const { result: beats2, ...chain2 } = time(() => chainPass(loaded, opts.chunk, 2));
  const { result: checksum, ...floorT } = floor;
  return {
    floor: { ...floorT, checksum },
    stages,
    chain: { ...chain, beats },
    detector: { ...detector, beats: detBeats },
    chainTwoLeads: { ...chain2, beats: beats2 },
    realtimeFactor: chain.samplesPerSecond / 360,
    chainToFloorRatio: chain.bestMs / floorT.bestMs,
    peakRssBytes: Math.max(memory.rss, process.resourceUsage().maxRSS * 1024),
    peakHeapUsedBytes: memory.heapUsed,
    peakArrayBuffersBytes: memory.arrayBuffers,
    dataBytes: loaded.reduce((n, r) => n + r.leads.reduce((m, x) => m + x.byteLength, 0), 0),
    samples,
    records: loaded.map((r) => r.name),
    sampleRate,
    settings: { data: opts.dataDir, db: opts.db, runs: opts.runs, chunk: opts.chunk },
    environment: { node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', platform: `${process.platform} ${process.arch}`, threads: 1 },
    revision: sourceRevision() ?? null,
  };
}

function loadAll(opts: ThroughputOptions): Loaded[] {
  const refs = listRecords(opts.dataDir, opts.db, opts.records);
  const missing = missingRecords(refs, opts.records);
  if (missing.length > 0) throw new CliError(`no record ${missing.join(', ')} in ${opts.db} under ${opts.dataDir}`);
  if (refs.length === 0) throw new CliError(`no records in ${opts.db} under ${opts.dataDir}`);
  const loaded = refs.map((r) => {
    const rec = readRecord(r.path, { channels: [0, 1] });
    return { name: r.name, sampleRate: rec.sampleRate, leads: rec.signals };
  });
  const rates = new Set(loaded.map((r) => r.sampleRate));
  if (rates.size > 1) throw new CliError(`records of ${opts.db} have different sampling rates (${[...rates].join(', ')} Hz); pick records with --records`);
  return loaded;
}

/** The floor: one plain pass summing every sample; the sum is returned so it cannot be optimised away. */
function floorPass(records: readonly Loaded[]): number {
  let acc = 0;
  for (const r of records) {
    const x = r.leads[0];
    for (let i = 0; i < x.length; i++) acc += x[i];
  }
  return acc;
}

function stagePass(records: readonly Loaded[], make: () => StreamFilter, chunk: number): number {
  const out = new Float64Array(chunk);
  let acc = 0;
  for (const r of records) {
    const filter = make();
    const x = r.leads[0];
    for (let at = 0; at < x.length; at += chunk) {
      const len = Math.min(chunk, x.length - at);
      filter.process(x.subarray(at, at + len), out, len);
      acc += out[len - 1];
    }
  }
  return acc;
}

/**
 * The whole front end of one lead as the gateway runs it: mains notch and linear-phase baseline
 * removal (the cleaned ECG that is shown and stored), then QRS detection on the cleaned signal.
 */
function fullChainPass(records: readonly Loaded[], chunk: number): number {
  let beats = 0;
  const a = new Float64Array(chunk);
  const b = new Float64Array(chunk);
  for (const r of records) {
    const notch = createMainsNotch({ mainsHz: 50, sampleRateHz: r.sampleRate });
    const baseline = new BaselineWanderFilter({ sampleRateHz: r.sampleRate });
    const detector = new QrsDetector({ sampleRate: r.sampleRate, leads: 1 }, () => beats++);
    const x = r.leads[0];
    for (let at = 0; at < x.length; at += chunk) {
      const len = Math.min(chunk, x.length - at);
      notch.process(x.subarray(at, at + len), a, len);
      baseline.process(a, b, len);
      detector.push(len === chunk ? b : b.subarray(0, len));
    }
    detector.flush();
  }
  return beats;
}

function chainPass(records: readonly Loaded[], chunk: number, leads: 1 | 2): number {
  let beats = 0;
  for (const r of records) {
    const detector = new QrsDetector({ sampleRate: r.sampleRate, leads }, () => beats++);
    const [x, y] = r.leads;
    for (let at = 0; at < x.length; at += chunk) {
      const end = Math.min(x.length, at + chunk);
      if (leads === 2) detector.push(x.subarray(at, end), y.subarray(at, end));
      else detector.push(x.subarray(at, end));
    }
    detector.flush();
  }
  return beats;
}

/** One warm-up run, then `runs` timed runs; rates from the best and the median run. */
function timeRuns(fn: () => number, runs: number, samples: number, afterEach: () => void): Timing & { result: number } {
  let result = fn();
  afterEach();
  const ms: number[] = [];
  let bestCpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    result = fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    bestCpuMs = Math.min(bestCpuMs, (c.user + c.system) / 1000);
    afterEach();
  }
  ms.sort((a, b) => a - b);
  const bestMs = ms[0];
  const medianMs = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  return {
    samplesPerSecond: samples / (bestMs / 1000),
    medianSamplesPerSecond: samples / (medianMs / 1000),
    bestMs,
    medianMs,
    samplesPerCpuSecond: samples / (bestCpuMs / 1000),
    result,
  };
}

class PeakMemory {
  rss = 0;
  heapUsed = 0;
  arrayBuffers = 0;
  sample(): void {
    const m = process.memoryUsage();
    this.rss = Math.max(this.rss, m.rss);
    this.heapUsed = Math.max(this.heapUsed, m.heapUsed);
    this.arrayBuffers = Math.max(this.arrayBuffers, m.arrayBuffers);
  }
}

export function formatThroughput(r: ThroughputReport): string {
  const row = (name: string, t: Timing): string[] => [
    name,
    `${si(t.samplesPerSecond)}`,
    `${si(t.medianSamplesPerSecond)}`,
    `${si(t.samplesPerCpuSecond)}`,
    t.bestMs.toFixed(1),
    t.medianMs.toFixed(1),
    (t.samplesPerSecond / 360).toFixed(0),
  ];
  const table = formatTable(
    ['stage', 'samples/s best', 'median', 'per CPU-s', 'best ms', 'median ms', 'x real time (360 Hz)'],
    [
      row('floor (sum of samples)', r.floor),
      ...r.stages.map((s) => row(s.name, s)),
      row('QRS detector, one lead', r.detector),
      row('whole chain: notch + baseline + QRS detector, one lead', r.chain),
      row('QRS detector, two leads (frames/s)', r.chainTwoLeads),
    ],
  );
  const mb = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;
  return [
    table,
    `${r.records.length} records of ${r.settings.db}, ${r.samples} samples per lead at ${r.sampleRate} Hz; ` +
      `one warm-up then ${r.settings.runs} runs; chunks of ${r.settings.chunk} samples; one thread.`,
    `real-time factor of the whole chain (one 360 Hz lead): ${r.realtimeFactor.toFixed(0)}x; whole chain time / floor time: ${r.chainToFloorRatio.toFixed(1)}; ` +
      `beats found: ${r.chain.beats}; floor checksum ${r.floor.checksum.toFixed(3)}`,
    `peak RSS ${mb(r.peakRssBytes)} (of which records in memory ${mb(r.dataBytes)}), peak heap used ${mb(r.peakHeapUsedBytes)}, ` +
      `array buffers ${mb(r.peakArrayBuffersBytes)}; ${r.environment.node}, ${r.environment.cpu}`,
  ].join('\n');
}
