import { Command, Option } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readHeader, recordPathOf, writeBeatAnnotations } from '@clinic-edge/wfdb';
import { detectBeatsFrom, meanHeartRate } from '../lib/detect-beats.js';
import { chooseEcgChannels, leadNames, streamLeadsMv } from '../lib/ecg-leads.js';
import { describeError, EXIT_BAD_INPUT } from '../lib/errors.js';
import { nonNegativeInt, positiveInt } from '../lib/options.js';

export interface DetectOptions {
  channel?: number; // 0-based signal number
  outDir: string;
  format: 'csv' | 'wfdb';
  chunk?: number; // samples per push
}

export function detectCommand(): Command {
  return new Command('detect')
    .description('find every heartbeat (QRS) in WFDB records; writes <out-dir>/<name>.csv (and .qrs with --format wfdb)')
    .argument('<record...>', 'record path without extension (e.g. data/mitdb/101) or its .hea path')
    .option('--channel <n>', 'use only this signal (0-based) instead of the record\'s ECG leads (at most two, chosen by their header descriptions and units)', nonNegativeInt('--channel'))
    .option('--out-dir <dir>', 'folder for the output files', '.')
    .addOption(new Option('--format <format>', 'csv, or wfdb for a .qrs annotation file as well').choices(['csv', 'wfdb']).default('csv'))
    .option('--chunk <n>', 'feed the detector n samples at a time (the output does not change)', positiveInt('--chunk'))
    .action((records: string[], opts: DetectOptions) => {
      let failed = 0;
      for (const record of records) {
        try {
          process.stdout.write(`${detectRecord(record, opts)}\n`);
        } catch (err) {
          // Report and go on with the other records; the exit status says something failed.
          const { message, exitCode } = describeError(err);
          if (exitCode !== EXIT_BAD_INPUT) throw err;
          process.stderr.write(`clinic-edge detect: ${message}\n`);
          failed++;
        }
      }
      if (failed > 0) process.exitCode = EXIT_BAD_INPUT;
    });
}

/** Detects the beats of one record, writes its files and returns the summary line. */
export function detectRecord(record: string, opts: DetectOptions): string {
  const recordPath = recordPathOf(record);
  const header = readHeader(recordPath);
  const channels = chooseEcgChannels(header, opts.channel === undefined ? undefined : [opts.channel], '--channel');
  const beats = detectBeatsFrom(channels.length, header.sampleRate, (push) => streamLeadsMv(header, channels, push, opts.chunk));

  const name = path.basename(recordPath);
  mkdirSync(opts.outDir, { recursive: true });
  const written = [writeCsv(path.join(opts.outDir, `${name}.csv`), beats, header.sampleRate)];
  if (opts.format === 'wfdb') {
    const qrs = path.join(opts.outDir, `${name}.qrs`);
    writeBeatAnnotations(qrs, beats); // type N
    written.push(qrs);
  }
  const hr = meanHeartRate(beats, header.sampleRate);
  const leads = leadNames(header, channels);
  return `${name}: ${beats.length} beats, mean heart rate ${hr === undefined ? 'n/a' : `${hr.toFixed(1)} bpm`} (${leads}) -> ${written.join(', ')}`;
}

function writeCsv(file: string, beats: Int32Array, sampleRate: number): string {
  const lines = ['sample,time'];
  for (const s of beats) lines.push(`${s},${(s / sampleRate).toFixed(3)}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
