import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { QrsDetector, RhythmAnalyzer, ShockableDetector, SignalQuality, type BeatLabel, type SampleArray } from '@clinic-edge/dsp';
import { readAnnotations, readRecord } from '@clinic-edge/wfdb';
import { EC57_BEAT_SYMBOLS } from './scoring/ec57.js';
import { aamiLabel } from './rhythm/af.js';
import type { AllocationStage } from './allocation.js';

/**
 * Child process of bench/allocation.ts: one stage on one record, pushed `chunk` samples at a
 * time. The stream runs through the record `passes` times and on into the next pass for
 * `warmSeconds`, unmeasured (the record replayed: one continuous stream, its sample clock running
 * on), then the heap's growth over the rest of that pass is read. Code that runs every few minutes
 * (the HRV window) is compiled only after it has run a dozen times or so, and until then boxes
 * every number it computes: a measurement after one 20-minute warm-up read that interpreter's
 * allocation, not the steady state's. The parent starts the child with a young generation large
 * enough that no collection runs while measuring, so growth is allocation; a collection that did
 * run is counted and the figure reported as void.
 */
export interface WorkerRequest {
  recordPath: string;
  stage: AllocationStage;
  passes: number; // whole passes through the record before the measured one
  warmSeconds: number; // s of the measured pass pushed before measuring
  chunk: number | null; // samples per push; null: one second
}

export interface WorkerResult {
  sampleRate: number; // Hz
  leads: number;
  measuredSeconds: number; // s of ECG pushed while measuring
  measuredBeats: number; // reference beats in those seconds
  bytes: number; // heap growth over them, code space left out (the JIT's own)
  collections: number; // garbage collections while measuring; > 0 voids `bytes`
}

/**
 * Pushes samples [offset, offset + length) of the record's leads. `second` (0, 1, ...: seconds of
 * the stream since it began, over every pass) is the stream second they lie in.
 */
type Push = (lead0: SampleArray, lead1: SampleArray | undefined, offset: number, length: number, second: number) => void;

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
 * second at a time (whatever the chunk), so what it allocates is the beat-driven rules' own. The
 * beats of every stream second, each pass's shifted by the passes before it, are made beforehand.
 */
function rulesPush(fs: number, ref: ReferenceBeats, secondsPerPass: number, passes: number): Push {
  const none = (): void => {};
  const r = RhythmAnalyzer.forBeats({ sampleRate: fs }, { onBeat: none, onEpisode: none, onSecond: none, onHrv: none });
  const second = Math.round(fs);
  const views: { samples: Int32Array; labels: BeatLabel[] }[] = [];
  for (let p = 0; p < passes; p++) {
    const shift = p * secondsPerPass * second;
    for (let k = 0; k < secondsPerPass; k++) {
      const a = firstBeatFrom(ref.samples, k * second);
      const b = firstBeatFrom(ref.samples, (k + 1) * second);
      views.push({ samples: ref.samples.slice(a, b).map((s) => s + shift), labels: ref.labels.slice(a, b) });
    }
  }
  let last = -1;
  return (_a, _b, _offset, _length, k) => {
    if (k === last) return; // one push of beats per second
    last = k;
    r.pushBeats(views[k].samples, views[k].labels, (k + 1) * second);
  };
}

function stagePush(stage: AllocationStage, fs: number, leads: 1 | 2, ref: ReferenceBeats, secondsPerPass: number, passes: number): Push {
  const none = (): void => {};
  switch (stage) {
    case 'rules':
      return rulesPush(fs, ref, secondsPerPass, passes);
    case 'qrs': {
      const d = new QrsDetector({ sampleRate: fs, leads }, none);
      return (a, b, off, len) => d.push(a, b, off, len);
    }
    case 'quality': {
      const q = [new SignalQuality({ sampleRate: fs }, none), new SignalQuality({ sampleRate: fs, channel: 1 }, none)];
      return (a, b, off, len) => {
        q[0].push(a, off, len);
        if (b) q[1].push(b, off, len);
      };
    }
    case 'vf': {
      const d = new ShockableDetector({ sampleRate: fs, leads }, none);
      return (a, b, off, len) => d.push(a, b, off, len);
    }
    case 'analyzer': {
      const r = new RhythmAnalyzer({ sampleRate: fs, leads }, { onBeat: none, onEpisode: none, onSecond: none, onHrv: none });
      return (a, b, off, len) => r.push(a, b, off, len);
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
  const a = rec.signals[0];
  const b = leads === 2 ? rec.signals[1] : undefined;
  const second = Math.round(fs);
  const seconds = Math.floor(a.length / second); // whole seconds of a pass
  const chunk = Math.min(req.chunk ?? second, second);
  const warm = Math.min(req.warmSeconds, seconds - 1);
  const ref = referenceBeats(req.recordPath);
  const push = stagePush(req.stage, fs, leads, ref, seconds, req.passes + 1);
  // The record's arrays themselves are pushed, by range: a view per push would be the harness's own allocation.
  const pushSeconds = (pass: number, from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      for (let off = 0; off < second; off += chunk) push(a, b, k * second + off, Math.min(chunk, second - off), pass * seconds + k);
    }
  };
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  for (let p = 0; p < req.passes; p++) pushSeconds(p, 0, seconds);
  pushSeconds(req.passes, 0, warm);
  await new Promise((resolve) => setTimeout(resolve, 20)); // deliver warm-up collections first
  const counted = collections;
  const before = heapBytes();
  pushSeconds(req.passes, warm, seconds);
  const bytes = heapBytes() - before;
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  const measuredBeats = firstBeatFrom(ref.samples, seconds * second) - firstBeatFrom(ref.samples, warm * second);
  return { sampleRate: fs, leads, measuredSeconds: seconds - warm, measuredBeats, bytes, collections: collections - counted };
}

if (process.argv[2] === '--request') {
  const result = await measure(JSON.parse(process.argv[3]) as WorkerRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
