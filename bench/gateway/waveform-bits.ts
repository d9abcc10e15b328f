/**
 * Bits per sample of the waveform codec on every shared MIT-BIH record, with a round-trip check of
 * every frame (a lossy frame is reported, never hidden). Both leads go in one frame, as the gateway
 * sends them. Reference points: format 212 stores 12 bits per sample, JSON text about 40.
 *
 *   npx tsc -b tsconfig.build.json && node dist/bench/gateway/waveform-bits.js [--data DIR] [--frame SECONDS]
 */
import { decodeWaveform, WaveformEncoder } from '@clinic-edge/gateway';
import { readRecord } from '@clinic-edge/wfdb';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listRecords } from '../lib/records.js';
import { resultsDir, writeJson } from '../lib/results.js';
import { formatTable } from '../lib/table.js';

export interface WaveformBitsOptions {
  dataDir: string;
  /** Frame length, s. Default 1 (what the gateway sends). */
  frameSeconds?: number;
  records?: readonly string[];
}

export interface RecordBits {
  record: string;
  samples: number; // all leads
  frames: number;
  bytes: number; // sum of frame bodies, headers included
  bitsPerSample: number;
  /** Frames whose decode differed from the input: must be 0. */
  mismatches: number;
}

export interface WaveformBitsReport {
  database: 'mitdb';
  frameSeconds: number;
  records: RecordBits[];
  /** Over all records: total bits / total samples. */
  bitsPerSample: number;
  worstRecord: { record: string; bitsPerSample: number } | null;
  /** The same samples as JSON arrays of integers, bits per sample (for comparison). */
  jsonBitsPerSample: number;
  mismatches: number;
  target: number;
}

export function runWaveformBits(opts: WaveformBitsOptions): WaveformBitsReport {
  const frameSeconds = opts.frameSeconds ?? 1;
  const encoder = new WaveformEncoder();
  const records: RecordBits[] = [];
  let jsonBytes = 0;
  let jsonSamples = 0;
  for (const ref of listRecords(opts.dataDir, 'mitdb', opts.records)) {
    const rec = readRecord(ref.path);
    const n = rec.adc[0].length;
    const frameLen = Math.round(frameSeconds * rec.sampleRate);
    const spec = rec.header.signals[0];
    let bytes = 0;
    let frames = 0;
    let mismatches = 0;
    for (let at = 0; at < n; at += frameLen) {
      const leads = rec.adc.map((x) => x.subarray(at, Math.min(n, at + frameLen)));
      const body = encoder.encode({ sampleRate: rec.sampleRate, firstSample: at, gain: spec.gain, baseline: spec.baseline, leads, leadOff: [] });
      bytes += body.byteLength;
      frames++;
      const back = decodeWaveform(body);
      if (back.firstSample !== at || back.leads.some((x, l) => !sameInts(x, leads[l]))) mismatches++;
      if (frames % 60 === 1) {
        jsonBytes += Buffer.byteLength(JSON.stringify(leads.map((x) => Array.from(x))));
        jsonSamples += leads.length * leads[0].length;
      }
    }
    const samples = n * rec.adc.length;
    records.push({ record: ref.name, samples, frames, bytes, bitsPerSample: (bytes * 8) / samples, mismatches });
  }
  const totalBits = records.reduce((s, r) => s + r.bytes * 8, 0);
  const totalSamples = records.reduce((s, r) => s + r.samples, 0);
  const worst = records.reduce<RecordBits | null>((w, r) => (w === null || r.bitsPerSample > w.bitsPerSample ? r : w), null);
  return {
    database: 'mitdb',
    frameSeconds,
    records,
    bitsPerSample: totalSamples === 0 ? NaN : totalBits / totalSamples,
    worstRecord: worst && { record: worst.record, bitsPerSample: worst.bitsPerSample },
    jsonBitsPerSample: jsonSamples === 0 ? NaN : (jsonBytes * 8) / jsonSamples,
    mismatches: records.reduce((s, r) => s + r.mismatches, 0),
    target: 6,
  };
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatWaveformBits(report: WaveformBitsReport): string {
  const rows = report.records.map((r) => [r.record, String(r.frames), String(r.bytes), r.bitsPerSample.toFixed(3), String(r.mismatches)]);
  return [
    `waveform codec on mitdb, ${report.frameSeconds} s frames, both leads per frame`,
    formatTable(['record', 'frames', 'bytes', 'bits/sample', 'lossy frames'], rows),
    '',
    `all records: ${report.bitsPerSample.toFixed(3)} bits/sample (target <= ${report.target}; format 212: 12; JSON integers: ${report.jsonBitsPerSample.toFixed(1)})`,
    report.worstRecord ? `worst record: ${report.worstRecord.record} at ${report.worstRecord.bitsPerSample.toFixed(3)} bits/sample` : 'no records',
    `frames that did not round-trip exactly: ${report.mismatches}`,
  ].join('\n');
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dataDir = path.resolve(argValue('--data') ?? process.env.CLINIC_EDGE_DATA ?? '../shared/data');
  const report = runWaveformBits({ dataDir, frameSeconds: Number(argValue('--frame') ?? 1) });
  process.stdout.write(`${formatWaveformBits(report)}\n`);
  writeJson(path.join(resultsDir(), 'waveform-bits.json'), report);
  if (report.mismatches > 0) process.exitCode = 1;
}
