/**
 * The cinc2017 strips as feature rows (dsp measureStrip on each strip's single lead) with their
 * reference labels: what the strip classifier is fitted and scored on.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { measureStrip, type StripFeatures } from '@clinic-edge/dsp';
import { readHeader, readRecord } from '@clinic-edge/wfdb';
import { CliError } from '../../bin/lib/errors.js';

export const CINC_CLASSES = ['N', 'A', 'O', '~'] as const;
export type CincClass = (typeof CINC_CLASSES)[number];

export interface StripRow {
  record: string;
  truth: CincClass;
  features: StripFeatures;
}

/** REFERENCE.csv of the cinc2017 folder: [record, label] pairs, optionally only `records`. */
export function cincLabels(dataDir: string, records?: readonly string[]): [string, CincClass][] {
  const refFile = path.join(dataDir, 'cinc2017', 'REFERENCE.csv');
  if (!existsSync(refFile)) throw new CliError(`${refFile} does not exist; pass --data DIR or set CLINIC_EDGE_DATA`);
  return readFileSync(refFile, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.includes(','))
    .map((l) => l.split(',') as [string, CincClass])
    .filter(([name]) => !records || records.includes(name));
}

/** Every cinc2017 strip measured end to end from its signal. */
export function cincRows(dataDir: string, records?: readonly string[]): StripRow[] {
  return cincLabels(dataDir, records).map(([record, truth]) => {
    const header = readHeader(path.join(dataDir, 'cinc2017', record));
    const rec = readRecord(header, { channels: [0] });
    return { record, truth, features: measureStrip(rec.signals[0], rec.sampleRate).features };
  });
}
