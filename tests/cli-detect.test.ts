import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnnotations } from '@clinic-edge/wfdb';
import { scoreEc57 } from '../bench/scoring/ec57.js';

// These tests run the BUILT command (`npm test` builds first), as a user would.
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const mitdb = path.join(dataDir, 'mitdb');
const CLEAN = '115'; // clean MLII/V1 record, normal sinus rhythm throughout
const hasData = existsSync(path.join(mitdb, `${CLEAN}.hea`));
if (!hasData) console.warn(`cli-detect: skipping record tests, ${mitdb}/${CLEAN}.hea not found (set CLINIC_EDGE_DATA)`);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function csvSamples(file: string): number[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  expect(header).toBe('sample,time');
  return lines.map((l) => Number(l.split(',')[0]));
}

describe('clinic-edge --help', () => {
  it('lists the commands', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\bdetect\b/);
    expect(r.stdout).toMatch(/\bbench\b/);
    const bench = run('bench', '--help');
    expect(bench.stdout).toMatch(/\baccuracy\b/);
    expect(bench.stdout).toMatch(/\bthroughput\b/);
  });
});

describe.skipIf(!hasData)('clinic-edge detect on a real record', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(tmp, 'default');
    const r = run('detect', path.join(mitdb, CLEAN), '--out-dir', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${CLEAN}: \\d+ beats, mean heart rate \\d+\\.\\d bpm`));
  });

  it('writes sample,time lines at the record rate that match the .atr within 150 ms', () => {
    const file = path.join(out, `${CLEAN}.csv`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('sample,time');
    for (const line of lines.slice(1, 50)) {
      const [sample, time] = line.split(',');
      expect(time).toMatch(/^\d+\.\d{3}$/);
      expect(Number(time)).toBeCloseTo(Number(sample) / 360, 3);
    }
    const score = scoreEc57(readAnnotations(path.join(mitdb, `${CLEAN}.atr`)), csvSamples(file), { sampleRate: 360 });
    expect(score.se).toBeGreaterThanOrEqual(99);
    expect(score.ppv).toBeGreaterThanOrEqual(99);
  });

  it('accepts the .hea path as the record name', () => {
    const dir = path.join(tmp, 'hea');
    expect(run('detect', path.join(mitdb, `${CLEAN}.hea`), '--out-dir', dir).status).toBe(0);
    expect(readFileSync(path.join(dir, `${CLEAN}.csv`), 'utf8')).toBe(readFileSync(path.join(out, `${CLEAN}.csv`), 'utf8'));
  });

  it.each(['1', '7'])('gives byte-identical output with --chunk %s', (chunk) => {
    const dir = path.join(tmp, `chunk${chunk}`);
    expect(run('detect', path.join(mitdb, CLEAN), '--out-dir', dir, '--chunk', chunk).status).toBe(0);
    expect(readFileSync(path.join(dir, `${CLEAN}.csv`))).toEqual(readFileSync(path.join(out, `${CLEAN}.csv`)));
  });

  it('with --format wfdb writes a .qrs that reads back as the same N beats', () => {
    const dir = path.join(tmp, 'wfdb');
    expect(run('detect', path.join(mitdb, CLEAN), '--out-dir', dir, '--format', 'wfdb').status).toBe(0);
    const qrs = readAnnotations(path.join(dir, `${CLEAN}.qrs`));
    expect(qrs.map((a) => a.sample)).toEqual(csvSamples(path.join(dir, `${CLEAN}.csv`)));
    expect(new Set(qrs.map((a) => a.symbol))).toEqual(new Set(['N']));
  });

  it('uses one lead with --channel and rejects a channel the record lacks', () => {
    const dir = path.join(tmp, 'channel');
    const one = run('detect', path.join(mitdb, CLEAN), '--out-dir', dir, '--channel', '1');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/\(V1\)/);
    const bad = run('detect', path.join(mitdb, CLEAN), '--out-dir', dir, '--channel', '2');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--channel 2/);
    expect(bad.stderr).toMatch(new RegExp(`${CLEAN}\\.hea`));
  });

  it('goes on with the other records when one is missing, and still exits 2', () => {
    const dir = path.join(tmp, 'mixed');
    const r = run('detect', path.join(tmp, 'absent'), path.join(mitdb, CLEAN), '--out-dir', dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${path.join(tmp, 'absent')}.hea`);
    expect(r.stdout).toMatch(new RegExp(`^${CLEAN}: `));
    expect(readFileSync(path.join(dir, `${CLEAN}.csv`))).toEqual(readFileSync(path.join(out, `${CLEAN}.csv`)));
  });

  it('fails with status 2 naming the file when the .dat is cut short, and no stack trace', () => {
    const dir = path.join(tmp, 'truncated');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(mitdb, `${CLEAN}.hea`), path.join(dir, `${CLEAN}.hea`));
    writeFileSync(path.join(dir, `${CLEAN}.dat`), headBytes(path.join(mitdb, `${CLEAN}.dat`), 300_001));
    const r = run('detect', path.join(dir, CLEAN), '--out-dir', path.join(tmp, 'truncated-out'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${CLEAN}\\.dat`));
    expect(r.stderr).toMatch(/E_WFDB_TRUNCATED|truncated|short/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('clinic-edge detect on bad input', () => {
  it('fails with status 2 naming a missing record, and no stack trace', () => {
    const missing = path.join(tmp, 'no-such-record');
    const r = run('detect', missing, '--out-dir', tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${missing}.hea`);
    expect(r.stderr).toMatch(/does not exist|not found/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('fails with status 2 on a bad option value, naming the option', () => {
    const r = run('detect', path.join(tmp, 'whatever'), '--chunk', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--chunk must be at least 1/);
  });

  it('fails with status 2 on a malformed header', () => {
    const rec = path.join(tmp, 'garbage');
    writeFileSync(`${rec}.hea`, 'garbage two 360\r\n');
    const r = run('detect', rec, '--out-dir', tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('garbage.hea');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

function headBytes(file: string, n: number): Buffer {
  const buf = Buffer.alloc(n);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, n, 0);
  } finally {
    closeSync(fd);
  }
  return buf;
}
