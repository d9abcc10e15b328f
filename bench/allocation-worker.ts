import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { QrsDetector, RhythmAnalyzer, ShockableDetector, SignalQuality, type SampleArray } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
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
  bytes: number; // heap growth over them, code space left out (the JIT's own)
  collections: number; // garbage collections while measuring; > 0 voids `bytes`
}

type Push = (lead0: SampleArray, lead1: SampleArray | undefined) => void;

function stagePush(stage: AllocationStage, fs: number, leads: 1 | 2): Push {
  const none = (): void => {};
  switch (stage) {
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
  const push = stagePush(req.stage, fs, leads);
  let collections = 0;
  const observer = new PerformanceObserver((list) => (collections += list.getEntries().length));
  observer.observe({ entryTypes: ['gc'] });
  for (let i = 0; i < warm; i++) push(chunks[i][0], chunks[i][1]);
  await new Promise((resolve) => setTimeout(resolve, 20)); // deliver warm-up collections first
  const counted = collections;
  const before = heapBytes();
  for (let i = warm; i < chunks.length; i++) push(chunks[i][0], chunks[i][1]);
  const bytes = heapBytes() - before;
  await new Promise((resolve) => setTimeout(resolve, 20));
  observer.disconnect();
  return { sampleRate: fs, leads, measuredSeconds: chunks.length - warm, bytes, collections: collections - counted };
}

if (process.argv[2] === '--request') {
  const result = await measure(JSON.parse(process.argv[3]) as WorkerRequest);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
