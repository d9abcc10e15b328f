import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../../bin/lib/errors.js';

/** Databases the accuracy benchmark knows how to score. */
export const DATABASES = ['mitdb', 'svdb', 'qtdb', 'nstdb'] as const;
export type Database = (typeof DATABASES)[number];

export interface RecordRef {
  db: Database;
  name: string; // e.g. '101'
  path: string; // record path without extension
}

/**
 * Records of one database folder that carry reference beats (`.atr`): that drops the nstdb
 * noise-only records bw and ma (and em), and any qtdb record without `.atr`. nstdb keeps the
 * 118e* records only; their `.atr` equals mitdb 118's.
 */
export function listRecords(dataDir: string, db: Database, only?: readonly string[]): RecordRef[] {
  const dir = path.join(dataDir, db);
  if (!existsSync(dir)) {
    throw new CliError(`${dir} does not exist; pass --data DIR (the folder holding ${db}/) or set CLINIC_EDGE_DATA`);
  }
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .map((f) => f.slice(0, -4))
    .filter((name) => existsSync(path.join(dir, `${name}.atr`)))
    .filter((name) => db !== 'nstdb' || /^118e/.test(name))
    .sort(db === 'nstdb' ? bySnrDescending : byRecordName);
  const picked = only ? names.filter((n) => only.includes(n)) : names;
  return picked.map((name) => ({ db, name, path: path.join(dir, name) }));
}

/** Records named in --records that no selected database holds: a typo the user must hear about. */
export function missingRecords(found: readonly RecordRef[], only: readonly string[] | undefined): string[] {
  if (!only) return [];
  return only.filter((n) => !found.some((r) => r.name === n));
}

/** nstdb '118e24' -> 24, '118e_6' -> -6 (signal-to-noise ratio, dB). */
export function nstdbSnr(name: string): number | undefined {
  const m = /e(_?)(\d+)$/.exec(name);
  return m ? (m[1] ? -1 : 1) * Number(m[2]) : undefined;
}

function bySnrDescending(a: string, b: string): number {
  return (nstdbSnr(b) ?? -Infinity) - (nstdbSnr(a) ?? -Infinity) || byRecordName(a, b);
}

function byRecordName(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
