import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Runs the BUILT command (`npm test` builds first), as a user would, on the bundled record 119
// (ventricular bigeminy and trigeminy, 443 V beats in the reference).
const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'dist', 'bin', 'clinic-edge.js');
const record = path.join(root, 'tests', 'fixtures', 'mitdb', '119');

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first with \`npx tsc -b tsconfig.build.json\` (npm test does)`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function csv(file: string): { header: string; rows: string[][] } {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  return { header, rows: lines.map((l) => l.split(',')) };
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'clinic-edge-analyze-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('clinic-edge analyze on mitdb 119', () => {
  let out: string;
  beforeAll(() => {
    out = path.join(tmp, 'signal');
    const r = run('analyze', record, '--out-dir', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^119: \d+ beats, mean heart rate \d+\.\d bpm, \d+ episodes/);
  });

  it('writes beats with N/S/V/Q labels, among them the ventricular beats', () => {
    const { header, rows } = csv(path.join(out, '119.beats.csv'));
    expect(header).toBe('sample,label');
    expect(rows.length).toBeGreaterThan(1900); // reference: 1987 beats
    expect(rows.every(([s, l]) => /^\d+$/.test(s) && /^[NSVQ]$/.test(l))).toBe(true);
    const v = rows.filter(([, l]) => l === 'V').length;
    expect(v).toBeGreaterThan(300);
    expect(v).toBeLessThan(600);
  });

  it('finds bigeminy and trigeminy episodes and no urgent flag (119 has none)', () => {
    const { header, rows } = csv(path.join(out, '119.episodes.csv'));
    expect(header).toBe('start_sample,end_sample,type,severity,confidence');
    const types = rows.map((r) => r[2]);
    expect(types).toContain('BIGEMINY');
    expect(types).toContain('TRIGEMINY');
    expect(rows.filter((r) => r[3] === 'urgent')).toEqual([]);
    for (const [start, end, , severity, conf] of rows) {
      expect(Number(end)).toBeGreaterThanOrEqual(Number(start));
      expect(['urgent', 'warning', 'info']).toContain(severity);
      expect(Number(conf)).toBeGreaterThanOrEqual(0);
      expect(Number(conf)).toBeLessThanOrEqual(1);
    }
  });

  it('summarises heart rate, burden, HRV and quality', () => {
    const s = JSON.parse(readFileSync(path.join(out, '119.summary.json'), 'utf8'));
    expect(s.heartRate.meanBpm).toBeGreaterThan(55);
    expect(s.heartRate.meanBpm).toBeLessThan(80);
    expect(s.heartRate.perMinute).toHaveLength(31);
    expect(s.burden.vPercent).toBeGreaterThan(15); // 443 of 1987 beats
    expect(s.burden.vPerHour).toBeGreaterThan(600);
    expect(s.hrv.length).toBeGreaterThanOrEqual(6); // 5-min windows over 30 min
    expect(s.hrv[0]).toHaveProperty('sdnnMs');
    const q = s.quality;
    expect(q.good + q.acceptable + q.poor + q.unusable).toBeCloseTo(1, 3);
  });

  it('draws an SVG report in mm with the ECG grid and one strip per urgent/warning episode up to the cap', () => {
    const svg = readFileSync(path.join(out, '119.report.svg'), 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*\?>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="297mm" height="\d+mm" viewBox="0 0 297 \d+">/);
    expect(svg).toContain('id="ecg-minor" width="1" height="1"');
    expect(svg).toContain('id="ecg-major" width="5" height="5"');
    expect(wellFormed(svg)).toBe(true);
    const { rows } = csv(path.join(out, '119.episodes.csv'));
    const flagged = rows.filter((r) => r[3] === 'urgent' || r[3] === 'warning').length;
    const strips = svg.match(/<g class="strip">/g)?.length ?? 0;
    expect(strips).toBe(Math.min(8, flagged));
    expect(svg.match(/>MLII<\/text>/g)?.length ?? 0).toBe(strips); // each strip names its lead
    if (flagged > 8) expect(svg).toContain(`${flagged - 8} more urgent/warning episodes not shown`);
  });

  it('gives the same files whatever --chunk is', () => {
    const chunked = path.join(tmp, 'chunked');
    expect(run('analyze', record, '--out-dir', chunked, '--chunk', '777').status).toBe(0);
    for (const f of ['119.beats.csv', '119.episodes.csv', '119.summary.json']) {
      expect(readFileSync(path.join(chunked, f), 'utf8')).toBe(readFileSync(path.join(out, f), 'utf8'));
    }
  });
});

describe('clinic-edge analyze --beats', () => {
  it('analyses the reference beats of an annotation file (RR and labels only)', () => {
    const out = path.join(tmp, 'beats');
    const r = run('analyze', record, '--beats', `${record}.atr`, '--out-dir', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const beats = csv(path.join(out, '119.beats.csv')).rows;
    expect(beats).toHaveLength(1987); // every reference beat
    expect(beats.filter(([, l]) => l === 'V')).toHaveLength(444); // V + E... 119 has 444 V
    const types = csv(path.join(out, '119.episodes.csv')).rows.map((e) => e[2]);
    expect(types).toContain('BIGEMINY');
    expect(types).toContain('TRIGEMINY');
    const s = JSON.parse(readFileSync(path.join(out, '119.summary.json'), 'utf8'));
    expect(s.source).toBe('beats');
  });

  it('reads a CSV of beats', () => {
    const out = path.join(tmp, 'csv');
    const first = path.join(tmp, 'beats', '119.beats.csv');
    const r = run('analyze', record, '--beats', first, '--out-dir', out);
    expect(r.status).toBe(0);
    expect(readFileSync(path.join(out, '119.episodes.csv'), 'utf8')).toBe(readFileSync(path.join(tmp, 'beats', '119.episodes.csv'), 'utf8'));
  });

  it('--paced: a slow run of wide beats (paced rhythm) is info, not a warning; the summary says so', () => {
    // 20 s of sinus at 60/min, 40 beats of V at 70/min (a pacemaker's lower rate), 20 s of sinus
    const rows: string[] = [];
    let t = 1;
    for (let i = 0; i < 20; i++, t += 1) rows.push(`${Math.round(t * 360)},N`);
    for (let i = 0; i < 40; i++, t += 60 / 70) rows.push(`${Math.round(t * 360)},V`);
    for (let i = 0; i < 20; i++, t += 1) rows.push(`${Math.round(t * 360)},N`);
    const file = path.join(tmp, 'paced.csv');
    writeFileSync(file, ['sample,label', ...rows].join('\n') + '\n');
    const vrun = (out: string) => csv(path.join(out, '119.episodes.csv')).rows.filter((e) => e[2] === 'VRUN').map((e) => e[3]);
    const plain = path.join(tmp, 'not-paced');
    expect(run('analyze', record, '--beats', file, '--out-dir', plain).status).toBe(0);
    expect(vrun(plain)).toEqual(['warning']);
    const paced = path.join(tmp, 'paced');
    const r = run('analyze', record, '--beats', file, '--paced', '--out-dir', paced);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(vrun(paced)).toEqual(['info']);
    expect(JSON.parse(readFileSync(path.join(paced, '119.summary.json'), 'utf8')).pacedPatient).toBe(true);
    expect(JSON.parse(readFileSync(path.join(plain, '119.summary.json'), 'utf8')).pacedPatient).toBe(false);
  });

  it('ends at the last beat: beats of the first 5 minutes of the 30-minute record raise no asystole after them', () => {
    const out = path.join(tmp, 'early');
    const early = csv(path.join(tmp, 'beats', '119.beats.csv')).rows.filter(([s]) => Number(s) < 300 * 360);
    const file = path.join(tmp, 'early.csv');
    writeFileSync(file, ['sample,label', ...early.map((row) => row.join(','))].join('\n') + '\n');
    const r = run('analyze', record, '--beats', file, '--out-dir', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const types = csv(path.join(out, '119.episodes.csv')).rows.map((e) => e[2]);
    expect(types).not.toContain('ASYSTOLE');
    expect(types).toContain('BIGEMINY');
    const s = JSON.parse(readFileSync(path.join(out, '119.summary.json'), 'utf8'));
    expect(s.durationS).toBeGreaterThan(295);
    expect(s.durationS).toBeLessThanOrEqual(300);
  });
});

describe('clinic-edge analyze errors', () => {
  it('a missing record exits non-zero with a clear message and the others still run', () => {
    const out = path.join(tmp, 'missing');
    const r = run('analyze', path.join(tmp, 'no-such-record'), record, '--out-dir', out, '--beats', 'atr');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-record\.hea/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(path.join(out, '119.episodes.csv'))).toBe(true);
  });
});

/** A small XML well-formedness check: every tag closes in order, attributes are quoted. */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(body))) {
    if (/[<>]/.test(body.slice(last, m.index))) return false; // a stray bracket in text
    last = re.lastIndex;
    const [, close, name, , self] = m;
    if (self) continue;
    if (close) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0 && !/[<>]/.test(body.slice(last));
}
