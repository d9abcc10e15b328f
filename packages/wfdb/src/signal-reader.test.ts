import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHeader, readRecord, SignalReader, WfdbError, type SignalChunk } from './index.js';
import { data, hasData, noDataMessage, tempDir } from './test-data.js';

/** Independent 212 unpacking (two 12-bit samples in 3 bytes) to check the reader against. */
function unpack212(bytes: Uint8Array, flat: number): number {
  const p = 3 * (flat >> 1);
  const v = flat & 1 ? bytes[p + 2]! | ((bytes[p + 1]! >> 4) << 8) : bytes[p]! | ((bytes[p + 1]! & 15) << 8);
  return v >= 2048 ? v - 4096 : v;
}

/** Test-side 212 packing, written from the README's description, not from the library. */
function pack212(values: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil((values.length * 3) / 2));
  for (let i = 0; i < values.length; i += 2) {
    const a = values[i]! & 0xfff;
    const b = (values[i + 1] ?? 0) & 0xfff;
    const p = (i / 2) * 3;
    out[p] = a & 0xff;
    out[p + 1] = (a >> 8) | ((b >> 8) << 4);
    if (i + 1 < values.length) out[p + 2] = b & 0xff;
  }
  return out;
}

/** Byte equality of typed arrays (fast; NaNs written by the reader share one bit pattern). */
function expectSame(a: ArrayLike<number>[], b: ArrayLike<number>[]): void {
  expect(a.length).toBe(b.length);
  const bytes = (x: ArrayLike<number>): Buffer => {
    const v = x as unknown as ArrayBufferView;
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  };
  a.forEach((x, i) => {
    expect(x.constructor).toBe(b[i]!.constructor);
    expect(bytes(x).equals(bytes(b[i]!))).toBe(true);
  });
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function thrown(f: () => unknown): WfdbError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WfdbError);
    return e as WfdbError;
  }
  throw new Error('expected a WfdbError');
}

/** Reads a record in random chunk sizes and concatenates the chunks. */
function readChunked(record: string, seed: number, maxChunk: number, opts: { start?: number; end?: number } = {}): { adc: Int32Array[]; signals: Float64Array[] } {
  const reader = new SignalReader(record, opts);
  const spf = reader.samplesPerFrame();
  const n = reader.end - reader.start;
  const adc = spf.map((k) => new Int32Array(n * k));
  const signals = spf.map((k) => new Float64Array(n * k));
  const r = rng(seed);
  let at = 0;
  let c: SignalChunk | undefined;
  while ((c = reader.readFrames(1 + Math.floor(r() * maxChunk)))) {
    expect(c.start).toBe(reader.start + at);
    c.adc.forEach((a, i) => adc[i]!.set(a, at * spf[i]!));
    c.signals.forEach((s, i) => signals[i]!.set(s, at * spf[i]!));
    at += c.frames;
  }
  reader.close();
  expect(at).toBe(n);
  return { adc, signals };
}

function writeRecordFiles(dir: string, hea: string, files: Record<string, Uint8Array>): string {
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(dir, name), bytes);
  writeFileSync(path.join(dir, 'r.hea'), hea);
  return path.join(dir, 'r');
}

describe('synthetic records', () => {
  it('decodes 212, 16 and 80, maps each format’s invalid value to NaN and converts (adc - baseline) / gain', () => {
    const dir = tempDir();
    const v212 = [5, -2048, 2047, -7, 100];
    const v16 = new Int16Array([300, -32768, -300, 32767]);
    const v80 = Uint8Array.from([128, 0, 255, 130]); // offset binary: 0, invalid, 127, 2
    const rec = writeRecordFiles(
      dir,
      'r 3 100 0\nr.212 212 100(5)/mV 12 0 5\nr.16 16 50/uV 16 0 300\nr.80 80 10(2) 8 0 -126\n',
      { 'r.212': pack212(v212), 'r.16': new Uint8Array(v16.buffer), 'r.80': v80 },
    );
    const r = readRecord(rec);
    expect(r.end).toBe(4); // nsamples 0: whole frames the shortest file holds
    expect([...r.adc[0]!]).toEqual(v212.slice(0, 4));
    expect([...r.adc[1]!]).toEqual([...v16]);
    expect([...r.adc[2]!]).toEqual([0, -128, 127, 2]);
    expect([...r.signals[0]!]).toEqual([0, NaN, (2047 - 5) / 100, (-7 - 5) / 100]);
    expect([...r.signals[1]!]).toEqual([6, NaN, -6, 32767 / 50]);
    expect([...r.signals[2]!]).toEqual([-0.2, NaN, 12.5, 0]);
    expect(r.signals[0]).toBeInstanceOf(Float64Array);
    expect(readRecord(rec, { float32: true }).signals[1]).toBeInstanceOf(Float32Array);
  });

  it('de-interleaves several samples per frame (212x2 next to a plain signal) and reads an odd sample count', () => {
    const dir = tempDir();
    // frame k: a[2k], a[2k+1], b[k]; 3 frames = 9 samples, an odd count in 212
    const flat = [1, 2, 10, 3, 4, 20, 5, 6, -30];
    const rec = writeRecordFiles(dir, 'r 2 100 3\nr.dat 212x2 200 12 0 1\nr.dat 212 200 12 0 10\n', { 'r.dat': pack212(flat) });
    expect(statSync(path.join(dir, 'r.dat')).size).toBe(14);
    const r = readRecord(rec);
    expect([...r.adc[0]!]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...r.adc[1]!]).toEqual([10, 20, -30]);
    const part = readRecord(rec, { start: 1, end: 3, channels: [1, 0] });
    expect([...part.adc[0]!]).toEqual([20, -30]);
    expect([...part.adc[1]!]).toEqual([3, 4, 5, 6]);
  });

  it('reports a data file shorter than the header says as E_WFDB_TRUNCATED with the byte where data ends', () => {
    const dir = tempDir();
    const rec = writeRecordFiles(dir, 'r 2 100 10\nr.dat 16 200 16 0 0\nr.dat 16 200 16 0 0\n', { 'r.dat': new Uint8Array(37) });
    const e = thrown(() => readRecord(rec));
    expect(e.code).toBe('E_WFDB_TRUNCATED');
    expect(e.file).toBe(path.join(dir, 'r.dat'));
    expect(e.byteOffset).toBe(37);
    expect(e.message).toMatch(/40 bytes/);
    // the complete frames before the cut are still readable
    expect(readRecord(rec, { end: 9 }).end).toBe(9);
  });

  it('reports a missing signal file as E_WFDB_NOT_FOUND, unless none of its signals is asked for', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'here.dat'), Uint8Array.from([7, 0, 9, 0]));
    writeFileSync(path.join(dir, 'r.hea'), 'r 2 100 2\nmissing.dat 16\nhere.dat 16\n');
    const e = thrown(() => readRecord(path.join(dir, 'r')));
    expect([e.code, e.file]).toEqual(['E_WFDB_NOT_FOUND', path.join(dir, 'missing.dat')]);
    expect([...readRecord(path.join(dir, 'r'), { channels: [1] }).adc[0]!]).toEqual([7, 9]);
  });

  it('rejects a bad range or channel with a RangeError naming the option', () => {
    const dir = tempDir();
    const rec = writeRecordFiles(dir, 'r 1 100 4\nr.dat 16\n', { 'r.dat': new Uint8Array(8) });
    expect(() => readRecord(rec, { start: 3, end: 2 })).toThrow(/start\/end/);
    expect(() => readRecord(rec, { end: 5 })).toThrow(RangeError);
    expect(() => readRecord(rec, { channels: [1] })).toThrow(/channels/);
  });
});

describe.skipIf(!hasData)(`real records (${hasData ? 'shared data' : noDataMessage})`, () => {
  const mitdb = readdirSync(hasData ? data('mitdb') : '.').filter((f) => f.endsWith('.hea')).map((f) => f.slice(0, -4));

  it('mitdb: 650000 samples, first sample = header initial value, checksums agree, values match an independent 212 decode', () => {
    expect(mitdb.length).toBe(26);
    for (const name of mitdb) {
      const rec = readRecord(data('mitdb', name)); // throws E_WFDB_CHECKSUM on a mismatch
      expect(rec.end).toBe(650000);
      const bytes = readFileSync(data('mitdb', `${name}.dat`));
      rec.header.signals.forEach((s, i) => {
        const adc = rec.adc[i]!;
        expect(adc[0]).toBe(s.initialValue);
        let sum = 0;
        for (const v of adc) sum = (sum + v) | 0;
        expect((sum << 16) >> 16).toBe(s.checksum);
        for (const k of [1, 2, 324999, 649999]) expect(adc[k]).toBe(unpack212(bytes, 2 * k + i));
        expect(rec.signals[i]![7]).toBe((adc[7]! - s.baseline) / s.gain);
      });
    }
  });

  it('nstdb 118e00 (format 16): values at byte offsets, and the documented -5.12 mV offset from mitdb 118 in the clean first minutes', () => {
    const noisy = readRecord(data('nstdb', '118e00'));
    const bytes = readFileSync(data('nstdb', '118e00.dat'));
    for (const k of [0, 1, 123456, 649999]) {
      expect(noisy.adc[0]![k]).toBe(bytes.readInt16LE(4 * k));
      expect(noisy.adc[1]![k]).toBe(bytes.readInt16LE(4 * k + 2));
    }
    const clean = readRecord(data('mitdb', '118'), { end: 360 * 60 });
    for (let k = 0; k < 360 * 60; k += 97) expect(noisy.signals[0]![k]! - clean.signals[0]![k]!).toBeCloseTo(-5.12, 9);
  });

  it('qtdb sel14046: 224999 samples (674997 bytes of 212), checksums agree', () => {
    const rec = readRecord(data('qtdb', 'sel14046'));
    expect(rec.end).toBe(224999);
    expect(rec.adc[1]!.length).toBe(224999);
    const bytes = readFileSync(data('qtdb', 'sel14046.dat'));
    expect(bytes.length).toBe(674997);
    expect(rec.adc[1]![224998]).toBe(unpack212(bytes, 2 * 224998 + 1));
  });

  it('cudb cu01: one signal in 212, values match an independent decode', () => {
    const rec = readRecord(data('cudb', 'cu01'));
    const bytes = readFileSync(data('cudb', 'cu01.dat'));
    expect(rec.end).toBe(127232);
    for (const k of [0, 1, 2, 3, 60001, 127231]) expect(rec.adc[0]![k]).toBe(unpack212(bytes, k));
    expect(rec.signals[0]![0]).toBe(-109 / 400);
  });

  it('cinc2017: every record reads as format 16 after the 24-byte prefix; a wrong initial value is not rejected', () => {
    const names = readdirSync(data('cinc2017')).filter((f) => f.endsWith('.hea'));
    expect(names.length).toBe(401);
    for (const f of names) {
      const rec = readRecord(data('cinc2017', f));
      const mat = readFileSync(data('cinc2017', f.replace('.hea', '.mat')));
      expect(rec.end).toBe((mat.length - 24) / 2);
      expect(rec.adc[0]![rec.end - 1]).toBe(mat.readInt16LE(mat.length - 2));
    }
    const a = readRecord(data('cinc2017', 'A00206'));
    expect(a.header.signals[0]!.initialValue).toBe(764);
    expect(a.adc[0]![0]).toBe(-4);
    expect(a.signals[0]![0]).toBe(-0.004);
  });

  it('gives identical values whatever the chunk sizes, and ranges equal slices of the whole record', () => {
    for (const [rec, maxChunk] of [
      [data('cudb', 'cu01'), 5000],
      [data('qtdb', 'sel14046'), 20000],
      [data('aftdb', 'learning-set', 'n01'), 300],
      [data('cinc2017', 'A00206'), 700],
    ] as const) {
      const whole = readRecord(rec);
      for (const seed of [1, 2, 3]) {
        const c = readChunked(rec, seed, maxChunk);
        expectSame(c.adc, whole.adc);
        expectSame(c.signals, whole.signals);
      }
      const r = rng(9);
      for (let t = 0; t < 5; t++) {
        const start = Math.floor(r() * whole.end);
        const end = start + Math.floor(r() * (whole.end - start));
        const part = readRecord(rec, { start, end });
        expectSame(part.adc, whole.adc.map((a) => a.slice(start, end)));
        expectSame(part.signals, whole.signals.map((a) => a.slice(start, end)));
        const chunked = readChunked(rec, t, 333, { start, end });
        expectSame(chunked.signals, part.signals);
      }
    }
  });

  it('streams with the async iterator and verifies checksums at the end', async () => {
    let frames = 0;
    for await (const c of new SignalReader(data('svdb', '800'))) frames += c.frames;
    expect(frames).toBe(230400);
  });

  it('reports a header whose checksum disagrees with the data as E_WFDB_CHECKSUM naming file and signal', () => {
    const dir = tempDir();
    copyFileSync(data('cudb', 'cu01.dat'), path.join(dir, 'cu01.dat'));
    writeFileSync(path.join(dir, 'cu01.hea'), readFileSync(data('cudb', 'cu01.hea'), 'latin1').replace('-28468', '-28467'));
    const e = thrown(() => readRecord(path.join(dir, 'cu01')));
    expect(e.code).toBe('E_WFDB_CHECKSUM');
    expect(e.file).toBe(path.join(dir, 'cu01.dat'));
    expect(e.signal).toBe(0);
    expect(readRecord(path.join(dir, 'cu01'), { verifyChecksum: false }).end).toBe(127232);
    expect(readRecord(path.join(dir, 'cu01'), { end: 127231 }).end).toBe(127231); // partial reads are not checked
  });

  it('reports a truncated real signal file with the byte where it ends', () => {
    const dir = tempDir();
    copyFileSync(data('mitdb', '101.hea'), path.join(dir, '101.hea'));
    writeFileSync(path.join(dir, '101.dat'), readFileSync(data('mitdb', '101.dat')).subarray(0, 1_000_001));
    const e = thrown(() => readRecord(path.join(dir, '101')));
    expect([e.code, e.byteOffset, e.file]).toEqual(['E_WFDB_TRUNCATED', 1_000_001, path.join(dir, '101.dat')]);
    expect(e.message).toMatch(/1950000/);
    expect(readHeader(path.join(dir, '101')).nsamples).toBe(650000);
  });
});
