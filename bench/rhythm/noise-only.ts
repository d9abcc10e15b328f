import { existsSync } from 'node:fs';
import path from 'node:path';
import { readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';
import { formatTable } from '../lib/table.js';
import { streamFlags } from './strip-alarms.js';

/**
 * Electrodes on a body that shows no ECG: nstdb's noise records (bw baseline wander, ma muscle, em
 * electrode motion where present), recorded from active volunteers with the electrodes on the limbs
 * where their ECG was not visible. Both leads go through the full analyzer from the first sample.
 * A line with no QRS is asystole to any monitor without impedance sensing, so this is a limit
 * measured, not a goal: every urgent flag here is one a real box would raise.
 */
export const NOISE_ONLY_RECORDS = ['bw', 'ma', 'em'] as const;

export interface NoiseOnlyRow {
  record: string;
  minutes: number;
  urgent: string[]; // 'TYPE@s' when each flag turned urgent
  warnings: Record<string, number>;
}

export function runNoiseOnly(opts: { dataDir: string }): NoiseOnlyRow[] {
  const dir = path.join(opts.dataDir, 'nstdb');
  const names = NOISE_ONLY_RECORDS.filter((n) => existsSync(path.join(dir, `${n}.hea`)));
  if (names.length === 0) throw new CliError(`no nstdb noise records (${NOISE_ONLY_RECORDS.join(', ')}) in ${dir}; pass --data DIR`);
  return names.map((record) => {
    const rec = readRecord(path.join(dir, record), {});
    const leads = rec.signals.slice(0, 2).map((s) => Float64Array.from(s));
    const fs = rec.sampleRate;
    const f = streamFlags(leads, fs);
    return { record, minutes: leads[0].length / fs / 60, urgent: f.urgentFlags.map((u) => `${u.type}@${Math.round(u.at / fs)}`), warnings: f.warnings };
  });
}

export function formatNoiseOnly(rows: readonly NoiseOnlyRow[]): string {
  const head = ['record', 'minutes', 'urgent flags', 'warnings by type', 'urgent (type@s when it turned urgent)'];
  const body = rows.map((r) => [r.record, r.minutes.toFixed(1), `${r.urgent.length}`, Object.entries(r.warnings).map(([t, n]) => `${t} ${n}`).join(', ') || '-', r.urgent.join(' ') || '-']);
  return ['nstdb noise records alone (no ECG in them), both leads, full analyzer from the first sample', formatTable(head, body)].join('\n\n');
}
