import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecord, SignalReader } from './index.js';
import { tempDir } from './test-data.js';

/** Writes a one-file record `r` with `nsig` signals of `format` holding `bytes`. */
function record(format: string, nsig: number, bytes: number[], nsamples = 0, initialValue = 0): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'r.dat'), Uint8Array.from(bytes));
  const lines = [`r ${nsig} 100 ${nsamples}`];
  for (let i = 0; i < nsig; i++) lines.push(`r.dat ${format} 10 0 0 ${initialValue}`);
  writeFileSync(path.join(dir, 'r.hea'), lines.join('\n') + '\n');
  return path.join(dir, 'r');
}

const le16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];

function pack310(s: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 3) {
    const [a, b, c] = [s[i]! & 0x3ff, (s[i + 1] ?? 0) & 0x3ff, (s[i + 2] ?? 0) & 0x3ff];
    out.push(...le16((a << 1) | ((c & 0x1f) << 11)), ...le16((b << 1) | ((c >> 5) << 11)));
  }
  return out;
}

function pack311(s: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 3) {
    const w = ((s[i]! & 0x3ff) | (((s[i + 1] ?? 0) & 0x3ff) << 10) | (((s[i + 2] ?? 0) & 0x3ff) << 20)) >>> 0;
    out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
  }
  return out;
}

/** Every chunk size from 1 to n gives the whole-record values. */
function expectChunkInvariant(rec: string): void {
  const whole = readRecord(rec);
  const n = whole.end;
  for (let size = 1; size <= n; size++) {
    const r = new SignalReader(rec);
    const got: number[][] = whole.adc.map(() => []);
    for (const c of r.chunks(size)) c.adc.forEach((a, i) => got[i]!.push(...a));
    r.close();
    expect(got).toEqual(whole.adc.map((a) => [...a]));
  }
}

describe('further formats', () => {
  it('8: first differences from the initial value, also when reading from the middle', () => {
    const rec = record('8', 1, [0, 5, 0xfd, 127, 0x80], 5, 100);
    expect([...readRecord(rec).adc[0]!]).toEqual([100, 105, 102, 229, 101]);
    expect([...readRecord(rec, { start: 3 }).adc[0]!]).toEqual([229, 101]);
    expectChunkInvariant(rec);
  });

  it('24 and 32: little-endian two’s complement, minimum = invalid', () => {
    const r24 = readRecord(record('24', 1, [0, 0, 0x80, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 5, 0, 0]));
    expect([...r24.adc[0]!]).toEqual([-8388608, 8388607, -1, 5]);
    expect(r24.signals[0]![0]).toBeNaN();
    const r32 = readRecord(record('32', 1, [0, 0, 0, 0x80, 0xff, 0xff, 0xff, 0x7f, 0xfb, 0xff, 0xff, 0xff]));
    expect([...r32.adc[0]!]).toEqual([-2147483648, 2147483647, -5]);
    expect([...r32.signals[0]!]).toEqual([NaN, 214748364.7, -0.5]);
  });

  it('61: big-endian 16-bit', () => {
    const r = readRecord(record('61', 2, [0x80, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x07]));
    expect([...r.adc[0]!, ...r.adc[1]!]).toEqual([-32768, -2, 258, 7]);
    expect(r.signals[0]![0]).toBeNaN();
  });

  it('310 and 311: three 10-bit samples in 4 bytes, an incomplete last triple, any chunking', () => {
    const values = [5, -7, 300, -512, 511, -1, 17]; // 7 samples: the last triple holds one
    for (const [format, pack, tail] of [['310', pack310, 2], ['311', pack311, 2]] as const) {
      const bytes = pack(values).slice(0, 8 + tail);
      const one = readRecord(record(format, 1, bytes, 7));
      expect([...one.adc[0]!]).toEqual(values);
      expect(one.signals[0]![3]).toBeNaN();
      expectChunkInvariant(record(format, 1, bytes, 7));
      const six = pack(values.slice(0, 6));
      const two = readRecord(record(format, 2, six, 3));
      expect([...two.adc[0]!, ...two.adc[1]!]).toEqual([5, 300, 511, -7, -512, -1]);
      expectChunkInvariant(record(format, 2, six, 3));
    }
  });
});
