import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNoiseOnly } from './noise-only.js';

describe('runNoiseOnly', () => {
  it('names the folder it looked in when none of the noise records is there', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'noise-only-'));
    try {
      expect(() => runNoiseOnly({ dataDir: dir })).toThrow(`no nstdb noise records (bw, ma, em) in ${path.join(dir, 'nstdb')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
