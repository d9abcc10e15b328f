import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../bin/lib/errors.js';
import { listRecords, missingRecords, nstdbSnr } from './records.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-records-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function touch(dir: string, ...files: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(path.join(dir, f), '');
}

describe('nstdbSnr', () => {
  it('reads the SNR in dB from the record name, _ meaning minus', () => {
    expect(nstdbSnr('118e24')).toBe(24);
    expect(nstdbSnr('118e00')).toBe(0);
    expect(nstdbSnr('118e_6')).toBe(-6);
    expect(nstdbSnr('bw')).toBeUndefined();
  });
});

describe('listRecords', () => {
  it('keeps records that have a .atr, in numeric order', () => {
    touch(path.join(tmp, 'mitdb'), '9.hea', '9.atr', '10.hea', '10.atr', '100.hea', '100.atr', '200.hea');
    expect(listRecords(tmp, 'mitdb').map((r) => r.name)).toEqual(['9', '10', '100']);
    expect(listRecords(tmp, 'mitdb')[0].path).toBe(path.join(tmp, 'mitdb', '9'));
  });

  it('keeps only the 118e* nstdb records, highest SNR first, and skips the noise records', () => {
    const names = ['118e_6', '118e00', '118e24', '118e12', 'bw', 'ma'];
    touch(path.join(tmp, 'nstdb'), ...names.flatMap((n) => [`${n}.hea`, `${n}.atr`]));
    expect(listRecords(tmp, 'nstdb').map((r) => r.name)).toEqual(['118e24', '118e12', '118e00', '118e_6']);
  });

  it('filters by name and reports names it did not find', () => {
    const found = listRecords(tmp, 'mitdb', ['100', '555']);
    expect(found.map((r) => r.name)).toEqual(['100']);
    expect(missingRecords(found, ['100', '555'])).toEqual(['555']);
  });

  it('says which folder is missing and how to point at the data', () => {
    expect(() => listRecords(tmp, 'svdb')).toThrow(CliError);
    expect(() => listRecords(tmp, 'svdb')).toThrow(/svdb does not exist; pass --data DIR/);
  });
});
