import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the BUILT command (`npm test` builds first) on a few records, so it stays quick.
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const dataDir = path.resolve(root, process.env.CLINIC_EDGE_DATA ?? '../shared/data');
const hasData = ['mitdb/101.hea', 'mitdb/118.hea', 'nstdb/118e24.hea', 'nstdb/118e_6.hea'].every((f) => existsSync(path.join(dataDir, f)));
if (!hasData) console.warn(`cli-bench: skipping, mitdb 101/118 and nstdb 118e24/118e_6 not found under ${dataDir} (set CLINIC_EDGE_DATA)`);

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-bench-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasData)('clinic-edge bench accuracy', () => {
  it('prints one JSON object with gross and per-record figures, and writes the same to --out', () => {
    const out = path.join(tmp, 'acc.json');
    const r = run('bench', 'accuracy', '--data', dataDir, '--records', '101,118', '--json', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(typeof report.gross.se).toBe('number');
    expect(typeof report.gross.ppv).toBe('number');
    expect(report.gross.se).toBeGreaterThan(0);
    expect(report.gross.se).toBeLessThanOrEqual(100);
    expect(report.records.map((x: { record: string }) => x.record)).toEqual(['101', '118']);
    const { tp, fn, fp } = report.gross;
    const sum = (k: 'tp' | 'fn' | 'fp'): number => report.records.reduce((n: number, x: Record<string, number>) => n + x[k], 0);
    expect([tp, fn, fp]).toEqual([sum('tp'), sum('fn'), sum('fp')]);
    expect(report.gross.se).toBeCloseTo((100 * tp) / (tp + fn), 2);
    expect(report.databases.mitdb.records).toBe(2);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
  });

  it('reports nstdb per signal-to-noise ratio', () => {
    const r = run('bench', 'accuracy', '--data', dataDir, '--db', 'nstdb', '--records', '118e24,118e_6', '--json', '--no-write');
    expect(r.status).toBe(0);
    const snr = JSON.parse(r.stdout).databases.nstdb.bySnr;
    expect(snr.map((s: { snrDb: number }) => s.snrDb)).toEqual([24, -6]);
    expect(typeof snr[0].f1).toBe('number');
  });

  it('runs on records resampled to another rate, scoring at that rate', () => {
    const r = run('bench', 'accuracy', '--data', dataDir, '--records', '101', '--resample', '250', '--json', '--no-write');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.settings.resampleHz).toBe(250);
    expect(report.records[0].sampleRate).toBe(250);
    // Reference beats map to the new rate: a working detector still matches nearly all of them.
    expect(report.records[0].se).toBeGreaterThan(95);
    expect(report.records[0].ppv).toBeGreaterThan(95);
  });

  it('scores from --from seconds on, as EC57 proper does with 300', () => {
    const whole = JSON.parse(run('bench', 'accuracy', '--data', dataDir, '--records', '101', '--json', '--no-write').stdout);
    const r = run('bench', 'accuracy', '--data', dataDir, '--records', '101', '--from', '300', '--json', '--no-write');
    expect(r.status).toBe(0);
    const late = JSON.parse(r.stdout);
    expect(late.settings.fromSeconds).toBe(300);
    expect(late.scoring).toMatch(/from 300 s/);
    // 101 runs at about 70 bpm: the first 5 minutes hold a few hundred reference beats.
    const beats = (x: { gross: { tp: number; fn: number } }): number => x.gross.tp + x.gross.fn;
    expect(beats(whole) - beats(late)).toBeGreaterThan(250);
    expect(beats(whole) - beats(late)).toBeLessThan(450);
  });

  it('prints an aligned table with the gross row and the five worst records', () => {
    const r = run('bench', 'accuracy', '--data', dataDir, '--records', '101', '--no-write');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^record\s+Se %\s+\+P %\s+F1 %\s+TP\s+FN\s+FP/);
    expect(r.stdout).toMatch(/\ngross mitdb\s+\d+\.\d\d/);
    expect(r.stdout).toMatch(/five worst/);
    expect(r.stdout).toMatch(/whole record scored/);
  });

  it('fails with status 2 on an unknown record or a missing data folder', () => {
    const unknown = run('bench', 'accuracy', '--data', dataDir, '--records', '999', '--no-write');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/999/);
    const noData = run('bench', 'accuracy', '--data', path.join(tmp, 'nowhere'), '--no-write');
    expect(noData.status).toBe(2);
    expect(noData.stderr).toMatch(/nowhere.*--data/);
  });
});

describe.skipIf(!hasData)('clinic-edge bench throughput', () => {
  it('prints one JSON object with the floor, stages and the detector chain', () => {
    const r = run('bench', 'throughput', '--data', dataDir, '--records', '101', '--runs', '1', '--json', '--no-write');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.chain.samplesPerSecond).toBeGreaterThan(0);
    expect(report.floor.samplesPerSecond).toBeGreaterThan(0);
    expect(report.stages.length).toBeGreaterThan(0);
    for (const s of report.stages) expect(typeof s.name).toBe('string');
    expect(report.samples).toBe(650000);
    expect(report.realtimeFactor).toBeCloseTo(report.chain.samplesPerSecond / 360, 6);
    expect(report.peakRssBytes).toBeGreaterThan(0);
    expect(report.chain.beats).toBeGreaterThan(1500); // 101 has 1874 beats: the chain really ran
  });
});
