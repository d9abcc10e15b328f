import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnnotations, readRecord, writeRecord } from '@clinic-edge/wfdb';

// Records that carry other signals beside the ECG, as sleep and ICU records do (arterial pressure,
// pleth, respiration), built from the first 5 minutes of the bundled mitdb 119. The built command
// must read the two ECG leads whatever their place and units, and say which it read.
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const source = path.join(root, 'tests', 'fixtures', 'mitdb', '119');
const FS = 360; // Hz
const SECONDS = 300;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An arterial pressure wave, mmHg: a systolic upstroke 200 ms after each reference beat. */
function pressureWave(n: number): Float64Array {
  const beats = readAnnotations(`${source}.atr`).map((a) => a.sample).filter((s) => s < n);
  const out = new Float64Array(n).fill(80);
  for (const b of beats) {
    for (let i = 0; i < 0.4 * FS; i++) {
      const at = b + Math.round(0.2 * FS) + i;
      if (at < n) out[at] += 40 * Math.sin((Math.PI * i) / (0.4 * FS));
    }
  }
  return out;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-channels-'));
  const rec = readRecord(source, { end: SECONDS * FS });
  const [mlii, v1] = rec.adc;
  const n = mlii.length;
  const abp = pressureWave(n);
  const resp = Float64Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 0.25 * i) / FS));
  const base = { baseline: 1024, adcZero: 1024 };
  writeRecord(tmp, {
    name: 'plain',
    sampleRate: FS,
    format: 16,
    signals: [
      { adc: mlii, gain: 200, ...base, description: 'MLII' },
      { adc: v1, gain: 200, ...base, description: 'V1' },
    ],
  });
  // the same leads after a pressure signal, the first in microvolts, with a pleth between them
  writeRecord(tmp, {
    name: 'mixed',
    sampleRate: FS,
    format: 16,
    signals: [
      { physical: abp, gain: 10, units: 'mmHg', description: 'ABP' },
      { adc: mlii, gain: 0.2, units: 'uV', ...base, description: 'MLII' },
      { physical: resp, gain: 1000, units: 'NU', description: 'PLETH' },
      { adc: v1, gain: 200, ...base, description: 'V1' },
    ],
  });
  writeRecord(tmp, {
    name: 'noecg',
    sampleRate: FS,
    format: 16,
    signals: [
      { physical: abp, gain: 10, units: 'mmHg', description: 'ABP' },
      { physical: resp, gain: 1000, units: 'mV', description: 'RESP' },
    ],
  });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const read = (file: string): string => readFileSync(file, 'utf8');

describe('ECG leads chosen from the header', () => {
  it('analyze reads MLII (in µV) and V1 past the pressure and pleth signals, as if they were alone', () => {
    const plain = run('analyze', path.join(tmp, 'plain'), '--out-dir', path.join(tmp, 'a-plain'));
    const mixed = run('analyze', path.join(tmp, 'mixed'), '--out-dir', path.join(tmp, 'a-mixed'));
    expect(plain.status).toBe(0);
    expect(mixed.status).toBe(0);
    expect(mixed.stdout).toMatch(/from MLII \+ V1 ->/);
    const beats = read(path.join(tmp, 'a-mixed', 'mixed.beats.csv'));
    expect(beats.split('\n').filter((l) => l.endsWith(',V')).length).toBeGreaterThan(30); // 119's bigeminy
    expect(beats).toBe(read(path.join(tmp, 'a-plain', 'plain.beats.csv')));
    expect(read(path.join(tmp, 'a-mixed', 'mixed.episodes.csv'))).toBe(read(path.join(tmp, 'a-plain', 'plain.episodes.csv')));
  });

  it('detect does the same, and --channel still picks one signal', () => {
    const plain = run('detect', path.join(tmp, 'plain'), '--out-dir', path.join(tmp, 'd-plain'));
    const mixed = run('detect', path.join(tmp, 'mixed'), '--out-dir', path.join(tmp, 'd-mixed'));
    expect(mixed.status).toBe(0);
    expect(mixed.stdout).toMatch(/\(MLII \+ V1\)/);
    expect(read(path.join(tmp, 'd-mixed', 'mixed.csv'))).toBe(read(path.join(tmp, 'd-plain', 'plain.csv')));
    const one = run('detect', path.join(tmp, 'mixed'), '--out-dir', path.join(tmp, 'd-one'), '--channel', '3');
    expect(one.stdout).toMatch(/\(V1\)/);
  });

  it('analyze --channels reads the signals named, in that order', () => {
    const r = run('analyze', path.join(tmp, 'mixed'), '--out-dir', path.join(tmp, 'a-ch'), '--channels', '3,1');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/from V1 \+ MLII ->/);
    const bad = run('analyze', path.join(tmp, 'mixed'), '--out-dir', path.join(tmp, 'a-ch'), '--channels', '1,7');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--channels 1,7: signal 7 does not exist; the record has signals 0\.\.3/);
  });

  it('a record without ECG is refused with the signals it has, and nothing is written', () => {
    const out = path.join(tmp, 'a-none');
    const r = run('analyze', path.join(tmp, 'noecg'), '--out-dir', out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/noecg\.hea: no ECG signal among 0 ABP \[mmHg\]; 1 RESP \[mV\]/);
    expect(existsSync(path.join(out, 'noecg.beats.csv'))).toBe(false);
    writeFileSync(path.join(tmp, 'nosignals.hea'), 'nosignals 0 360 1000\n');
    const none = run('analyze', path.join(tmp, 'nosignals'), '--out-dir', out);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/nosignals\.hea: record has no signals to analyse \(use --beats/);
  });
});
