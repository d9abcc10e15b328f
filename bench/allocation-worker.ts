import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { QrsDetector, RhythmAnalyzer, ShockableDetector, SignalQuality, type BeatLabel, type SampleArray } from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { EC57_BEAT_SYMBOLS } from './scoring/ec57.js';
import { aamiLabel } from './rhythm/af.js';
import type { AllocationStage } from './allocation.js';

/**
 * Child process of bench/allocation.ts: one stage on one record, pushed second by second. It runs
 * the first `warmSeconds` unmeasured (the optimiser has compiled the hot paths by then), then
 * reads how much the heap grew over the rest of the record. The parent starts it with a young
 * generation large enough that no collection runs meanwhile, so growth is allocation; a
 * collection that did run is counted and the figure reported as void.
 */
export interface WorkerRequest {
  recordPath: string;
  stage: AllocationStage;
  warmSeconds: number; // s
}

export interface WorkerResult {
  sampleRate: number; // Hz
  leads: number;
  measuredSeconds: number; // s of ECG pushed while measuring
  measuredBeats: number; // reference beats in those seconds
  bytes: number; // heap growth over them, code space left out (the JIT's own)
  collections: number; // garbage collections while measuring; > 0 voids `bytes`
}

/** Pushes the second that starts at sample `from` (its samples in lead0/lead1). */
type Push = (lead0: SampleArray, lead1: SampleArray | undefined, from: number) => void;

interface ReferenceBeats {
  samples: Int32Array;
  labels: BeatLabel[];
}

function referenceBeats(recordPath: string): ReferenceBeats {
  const beats = readAnnotations(`${recordPath}.atr`).filter((a) => EC57_BEAT_SYMBOLS.has(a.symbol));
  return { samples: Int32Array.from(beats, (a) => a.sample), labels: beats.map((a) => aamiLabel(a.symbol)) };
}

/** Index of the first beat at or after `sample`. */
function firstBeatFrom(samples: Int32Array, sample: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid] < sample) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The `rules` stage: the analyzer in beats mode, fed the reference beats and their AAMI labels a
 * second at a time, so what it allocates is the beat-driven rules' own (views made beforehand).
 */
function rulesPush(fs: number, ref: ReferenceBeats, seconds: number): Push {
  const none = (): void => {};
  const r = RhythmAnalyzer.forBeats({ sampleRate: fs }, { onBeat: none, onEpisode: none, onSecond: none, onHrv: none });
  const second = Math.round(fs);
  const views: { samples: Int32Array; labels: BeatLabel[] }[] = [];
  for (let k = 0; k < seconds; k++) {
    const a = firstBeatFrom(ref.samples, k * second);
    const b = firstBeatFrom(ref.samples, (k + 1) * second);
    views.push({ samples: ref.samples.subarray(a, b), labels: ref.labels.slice(a, b) });
  }
  return (_a, _b, from) => {
    const v = views[from / second];
    r.pushBeats(v.samples, v.labels, from + second);
  };
}

function stagePush(stage: AllocationStage, fs: number, leads: 1 | 2, ref: ReferenceBeats, seconds: number): Push {
  const none = (): void => {};
  switch (stage) {
    case 'rules':
      return rulesPush(fs, ref, seconds);
    case 'qrs': {
      const d = new QrsDetector({ sampleRate: fs, leads }, none);
      return (a, b) => d.push(a, b);
    }
    case 'quality': {
      const q = [new SignalQuality({ sampleRate: fs }, none), new SignalQuality({ sampleRate: fs, channel: 1 }, none)];
      return (a, b) => {
        q[0].push(a);
        if (b) q[1].push(b);
      };
    }
    case 'vf': {
      const d = new ShockableDetector({ sampleRate: fs, leads }, none);
      return (a, b) => d.push(a, b);
    }
    case 'analyzer': {
      const r = new RhythmAnalyzer({ sampleRate: fs, leads }, { onBeat: none, onEpisode: none, onSecond: none, onHrv: none });
      return (a, b) => r.push(a, b);
    }
  }
}

/** Heap bytes in use outside code space (compiled code is the JIT's, not the program's). */
function heapBytes(): number {
  let sum = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name !== 'code_space' && s.space_name !== 'code_large_object_space') sum += s.space_used_size;
  return sum;
}

export async function measure(req: WorkerRequest): Promise<WorkerResult> {
  const rec = readRecord(req.recordPath, {});
  const fs = rec.sampleRate;
  const leads: 1 | 2 = rec.signals.length >= 2 ? 2 : 1;
  const [a, b] = rec.signals;
  const second = Math.round(fs);
  // Views made before measuring: a subarray is itself an object on the heap.
  const chunks: [SampleArray, SampleArray | undefined][] = [];
  for (let s = 0; s + second <= a.length; s += second) chunks.push([a.subarray(s, s + second), leads === 2 ? b.subarray(s, s + second) : undefined]);
  const warm = Math.min(req.warmSeconds, chunks.length - 1);
  const ref = referenceBeats(req.recordPath);
  const push = stagePush(req.stage, fs, leads, ref, chunks.length);
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < warm; i++) push(chunks[i][0], chunks[i][1], i * second);
  await new Promise((resolve) => setTimeout(resolve, 20)); // deliver warm-up collections first
  const counted = collections;
  const before = heapBytes();
  for (let i = warm; i < chunks.length; i++) push(chunks[i][0], chunks[i][1], i * second);
  const bytes = heapBytes() - before;
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const measuredBeats = firstBeatFrom(ref.samples, chunks.length * second) - firstBeatFrom(ref.samples, warm * second);
  return { sampleRate: fs, leads, measuredSeconds: chunks.length - warm, measuredBeats, bytes, collections: collections - counted };
}

if (process.argv[2] === '--request') {
  const result = await measure(JSON.parse(process.argv[3]) as WorkerRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
