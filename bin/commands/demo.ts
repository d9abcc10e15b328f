import { Command } from 'commander';
import path from 'node:path';
import { MainsNotchLeads, QrsDetector } from '@clinic-edge/dsp';
import { readRecord } from '@clinic-edge/wfdb';
import { repoRoot } from '../../bench/lib/paths.js';
import { readReference } from '../../bench/lib/reference.js';
import { grossOf, scoreEc57 } from '../../bench/scoring/ec57.js';
import { EXIT_FAILURE } from '../lib/errors.js';
import { positiveInt } from '../lib/options.js';
import { runGatewayDemo } from './demo-gateway.js';

interface DemoOptions {
  record: string;
  beats: number; // beats to list
  chunk: number; // samples per push, as a device delivers them
}

/** The bundled record: MIT-BIH 119 (see tests/fixtures/README.md for its attribution). */
export const BUNDLED_RECORD = path.join('tests', 'fixtures', 'mitdb', '119');

export function demoCommand(): Command {
  return new Command('demo')
    .description('the whole gateway on this machine: simulated devices, the gateway, a hub, a link cut and its recovery (--detector-only: just the QRS detector on a record)')
    .option('--record <path>', 'WFDB record to play instead of the bundled MIT-BIH 119')
    .option('--duration <seconds>', 'gateway demo: how long it runs (the link is cut from 30 % to 60 % of it)', positiveInt('--duration'), 75)
    .option('--hub <url>', 'gateway demo: a real MQTT broker (mqtt://HOST:PORT) instead of the embedded one')
    .option('--detector-only', 'only stream the record through the QRS detector and print its beats and heart rate')
    .option('--beats <n>', 'detector: how many beats to list', positiveInt('--beats'), 12)
    .option('--chunk <n>', 'detector: samples per push (a device delivers about one second at a time)', positiveInt('--chunk'))
    .action(async (opts: Partial<DemoOptions> & { detectorOnly?: boolean; duration: number; hub?: string }) => {
      if (!opts.detectorOnly) {
        const r = await runGatewayDemo({ duration: opts.duration, hub: opts.hub, record: opts.record, print: (l) => process.stdout.write(`${l}\n`) });
        if (r.lost > 0 || r.leftInOutbox > 0) process.exitCode = EXIT_FAILURE;
        return;
      }
      const record = opts.record ?? path.join(repoRoot(), BUNDLED_RECORD);
      process.stdout.write(runDemo({ record, beats: opts.beats ?? 12, chunk: opts.chunk ?? 0 }));
    });
}

/** Plays a record through the streaming detector and returns the printed report. */
export function runDemo(opts: DemoOptions): string {
  const rec = readRecord(opts.record.replace(/\.hea$/, ''));
  const fs = rec.sampleRate;
  const leads = rec.signals.slice(0, 2);
  const names = rec.header.signals.slice(0, 2).map((s) => s.description || 'ECG');
  const chunk = opts.chunk > 0 ? opts.chunk : Math.round(fs); // one second per push
  const beats: number[] = [];
  const detector = new QrsDetector({ sampleRate: fs, leads: leads.length as 1 | 2 }, (s) => beats.push(s));
  const notch = new MainsNotchLeads({ sampleRate: fs, leads: leads.length as 1 | 2, blockSamples: chunk });
  const n = leads[0].length;
  for (let at = 0; at < n; at += chunk) {
    const len = Math.min(chunk, n - at);
    notch.process(leads[0], leads[1], at, len);
    detector.push(notch.out[0], notch.out[1], 0, len);
  }
  detector.flush();

  const out: string[] = [];
  const minutes = n / fs / 60;
  out.push(`record ${path.basename(opts.record)}: ${names.join(' + ')}, ${fs} Hz, ${minutes.toFixed(1)} min, fed ${chunk} samples at a time`);
  out.push(`detector delay ${(detector.delay / fs).toFixed(2)} s (each beat is reported that long after its R peak)`);
  out.push('');
  out.push('  beat   time (s)   RR (s)   heart rate (bpm)');
  for (let i = 0; i < Math.min(opts.beats, beats.length); i++) {
    const rr = i > 0 ? (beats[i] - beats[i - 1]) / fs : undefined;
    out.push(`  ${String(i + 1).padStart(4)}   ${(beats[i] / fs).toFixed(3).padStart(8)}   ${rr ? rr.toFixed(3).padStart(6) : '     -'}   ${rr ? (60 / rr).toFixed(0).padStart(6) : '     -'}`);
  }
  out.push(`  ... ${Math.max(0, beats.length - opts.beats)} more`);
  out.push('');
  out.push('heart rate per 5 minutes (bpm, from the mean RR):');
  out.push(`  ${perWindowRates(beats, fs, 300).map((r) => (r === undefined ? '-' : r.toFixed(0))).join('  ')}`);
  out.push(`${beats.length} beats, mean heart rate ${((60 * (beats.length - 1)) / ((beats[beats.length - 1] - beats[0]) / fs)).toFixed(1)} bpm`);
  out.push(...scoreAgainstReference(opts.record, beats, fs));
  out.push('');
  return `${out.join('\n')}\n`;
}

function perWindowRates(beats: readonly number[], fs: number, windowS: number): (number | undefined)[] {
  const rates: (number | undefined)[] = [];
  const last = beats[beats.length - 1] ?? 0;
  for (let from = 0; from < last; from += windowS * fs) {
    const inside = beats.filter((b) => b >= from && b < from + windowS * fs);
    rates.push(inside.length > 1 ? (60 * fs * (inside.length - 1)) / (inside[inside.length - 1] - inside[0]) : undefined);
  }
  return rates;
}

/** Where the record has cardiologists' annotations, say how the detector agrees with them. */
function scoreAgainstReference(record: string, beats: readonly number[], fs: number): string[] {
  let reference;
  try {
    reference = readReference(record.replace(/\.hea$/, ''));
  } catch {
    return [];
  }
  const result = scoreEc57(reference, beats, { sampleRate: fs });
  const g = grossOf([result]);
  return [`against the reference annotations (.atr, beat by beat within 150 ms): Se ${g.se?.toFixed(2)}%, +P ${g.ppv?.toFixed(2)}% (${g.fn} missed, ${g.fp} extra)`];
}
