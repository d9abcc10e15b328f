import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CliError } from '../bin/lib/errors.js';
import { listRecords, missingRecords, type Database } from './lib/records.js';
import { sourceRevision } from './lib/revision.js';
import { formatTable } from './lib/table.js';
import type { WorkerRequest, WorkerResult } from './allocation-worker.js';

/**
 * Steady-state heap allocation of the streaming DSP (issue 3: "no allocation per sample or per
 * beat in steady state"): bytes allocated per second of two-lead ECG after about an hour of it
 * (the record replayed), per stage and for the whole RhythmAnalyzer, the signal pushed a second at
 * a time or `chunk` samples at a time, as the gateway pushes a serial read. Allocation is what the
 * heap grows by while no collection runs, so each stage runs in its own Node process with a young
 * generation (YOUNG_MB) too large to fill. What remains is per event, not per sample: one quality
 * record per lead per second, the shockable detector's decision twice a second, episodes, and V8's
 * boxing of the doubles some non-inlined calls return per beat (the `rules` stage, the analyzer
 * fed reference beats without signal, shows that part alone).
 */
export const ALLOCATION_STAGES = ['qrs', 'quality', 'vf', 'rules', 'analyzer'] as const;
export type AllocationStage = (typeof ALLOCATION_STAGES)[number];

/** Semi-space of the child's young generation, MB: the measured stretch must not fill it. */
const YOUNG_MB = 256;
/**
 * The optimiser compiles on the main thread, as soon as a function is hot: with background
 * compilation a loaded machine (a parallel test run) left hot code unoptimised, and boxing every
 * number, well into the measured stretch (the analyzer read 32 instead of 14 B per sample).
 */
const JIT_FLAGS = ['--no-concurrent-recompilation'];

export interface AllocationOptions {
  dataDir: string;
  db: Database;
  records: readonly string[];
  stages?: readonly AllocationStage[];
  passes: number; // whole passes through each record before the measured one
  warmSeconds: number; // s of the measured pass pushed before measuring
  chunk: number | null; // samples per push; null: one second
}

export interface AllocationRow extends WorkerResult {
  record: string; // db/name
  stage: AllocationStage;
  bytesPerSecond: number | null; // B per second of ECG; null when a collection ran
  bytesPerSample: number | null; // B per sample instant (both leads)
  bytesPerBeat: number | null; // B per reference beat in the measured stretch
}

export interface AllocationReport {
  rows: AllocationRow[];
  passes: number;
  warmSeconds: number;
  chunk: number | null;
  node: string;
  revision: string | null;
}

const WORKER = fileURLToPath(new URL('./allocation-worker.js', import.meta.url));

function runWorker(req: WorkerRequest): WorkerResult {
  const out = execFileSync(process.execPath, [`--max-semi-space-size=${YOUNG_MB}`, `--min-semi-space-size=${YOUNG_MB}`, ...JIT_FLAGS, WORKER, '--request', JSON.stringify(req)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as WorkerResult;
}

export function runAllocation(opts: AllocationOptions): AllocationReport {
  const found = listRecords(opts.dataDir, opts.db, opts.records);
  const missing = missingRecords(found, opts.records);
  if (missing.length > 0) throw new CliError(`no record ${missing.join(', ')} in ${opts.dataDir}/${opts.db}`);
  const rows: AllocationRow[] = [];
  for (const rec of found) {
    for (const stage of opts.stages ?? ALLOCATION_STAGES) {
      const r = runWorker({ recordPath: rec.path, stage, passes: opts.passes, warmSeconds: opts.warmSeconds, chunk: opts.chunk });
      const valid = r.collections === 0 && r.measuredSeconds > 0;
      rows.push({
        ...r,
        record: `${rec.db}/${rec.name}`,
        stage,
        bytesPerSecond: valid ? r.bytes / r.measuredSeconds : null,
        bytesPerSample: valid ? r.bytes / (r.measuredSeconds * r.sampleRate) : null,
        bytesPerBeat: valid && r.measuredBeats > 0 ? r.bytes / r.measuredBeats : null,
      });
    }
  }
  return { rows, passes: opts.passes, warmSeconds: opts.warmSeconds, chunk: opts.chunk, node: process.version, revision: sourceRevision() ?? null };
}

export function formatAllocation(report: AllocationReport): string {
  const head = ['record', 'stage', 'measured s', 'beats', 'heap growth', 'B / s of ECG', 'B / sample', 'B / beat', 'collections'];
  const fmt = (v: number | null, digits: number): string => (v === null ? 'void' : v.toFixed(digits));
  const rows = report.rows.map((r) => [r.record, r.stage, `${r.measuredSeconds}`, `${r.measuredBeats}`, `${r.bytes}`, fmt(r.bytesPerSecond, 0), fmt(r.bytesPerSample, 2), fmt(r.bytesPerBeat, 0), `${r.collections}`]);
  return [
    `Heap allocated in steady state: each record streamed ${report.passes} times over and ${report.warmSeconds} s into the next pass, then measured to its end; ` +
      `both leads pushed ${report.chunk === null ? 'a second' : `${report.chunk} samples`} at a time (Node ${report.node})`,
    formatTable(head, rows),
    'B / sample counts both leads of one sample instant; B / beat divides by the reference beats of the measured stretch. ' +
      "rules: the analyzer in beats mode fed the reference beats and labels (no signal). A stage whose measured stretch saw a garbage collection is void.",
  ].join('\n\n');
}
