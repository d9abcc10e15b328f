import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Long work shows progress on a terminal and stays quiet in pipes (issue 5, §2).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const record = path.join(root, 'tests', 'fixtures', 'mitdb', '119');
const out = mkdtempSync(path.join(os.tmpdir(), 'ce-progress-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('analyze progress', () => {
  it('writes no progress line into a pipe', () => {
    const r = spawnSync(process.execPath, [cli, 'analyze', record, '--out-dir', out], { encoding: 'utf8', env: { ...process.env, CI: '' } });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toContain('analysing records');
    expect(r.stdout).toContain('119: 1988 beats');
  });

  it.skipIf(!hasScript)('draws a progress line on a terminal (a pseudo-terminal made by script(1))', () => {
    const command = `${process.execPath} ${cli} analyze ${record} ${record} --out-dir ${out}`;
    const env = { ...process.env };
    delete env.CI;
    const text = execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env });
    expect(text).toContain('analysing records: 1/2');
    expect(text).toContain('119: 1988 beats');
  });
});
