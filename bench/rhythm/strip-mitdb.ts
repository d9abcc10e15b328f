/**
 * The strip classifier on data it was not fitted on: the shared mitdb records cut into 30-s
 * windows (lead 0), each judged alone as a handheld strip would be. Windows wholly inside
 * reference AF should be called A; windows without any AF should not (mixed windows are skipped).
 *
 *   node dist/bench/rhythm/strip-mitdb.js
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeStrip } from '@clinic-edge/dsp';
import { readAnnotations, readHeader, readRecord } from '@clinic-edge/wfdb';
import { recordNames, rhythmTruth } from './af.js';

export interface StripWindows {
  afWindows: number;
  afCalledA: number;
  otherWindows: number;
  otherCalledA: number;
  falseByRecord: Record<string, number>; // non-AF windows called A, per record
}

export function runMitdbStrips(dataDir: string, seconds = 30): StripWindows {
  const dir = path.join(dataDir, 'mitdb');
  const out: StripWindows = { afWindows: 0, afCalledA: 0, otherWindows: 0, otherCalledA: 0, falseByRecord: {} };
  for (const name of recordNames(dir, '.atr')) {
    const rec = readRecord(readHeader(path.join(dir, name)), { channels: [0] });
    const fs = rec.sampleRate;
    const signal = Float64Array.from(rec.signals[0]);
    const { af } = rhythmTruth(readAnnotations(path.join(dir, `${name}.atr`)), signal.length);
    const w = Math.round(seconds * fs);
    for (let at = 0; at + w <= signal.length; at += w) {
      const inAf = af.reduce((t, s) => t + Math.max(0, Math.min(s.end, at + w) - Math.max(s.start, at)), 0);
      if (inAf > 0 && inAf < w) continue;
      const isA = analyzeStrip(signal.subarray(at, at + w), fs).label === 'A';
      if (inAf === w) {
        out.afWindows++;
        if (isA) out.afCalledA++;
      } else {
        out.otherWindows++;
        if (isA) {
          out.otherCalledA++;
          out.falseByRecord[name] = (out.falseByRecord[name] ?? 0) + 1;
        }
      }
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const dataDir = process.env.CLINIC_EDGE_DATA ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/data');
  const r = runMitdbStrips(dataDir);
  console.log(`mitdb 30-s windows, lead 0: AF ${r.afCalledA} of ${r.afWindows} called A; without AF ${r.otherCalledA} of ${r.otherWindows} called A (${((100 * r.otherCalledA) / Math.max(1, r.otherWindows)).toFixed(2)} %)`);
  console.log(`false A by record: ${Object.entries(r.falseByRecord).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
