import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHeader, readHeader, recordPathOf, WfdbError } from './index.js';
import { data, dataDir, hasData, noDataMessage, tempDir } from './test-data.js';

function thrown(f: () => unknown): WfdbError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(WfdbError);
    return e as WfdbError;
  }
  throw new Error('expected a WfdbError');
}

describe('parseHeader', () => {
  const text = [
    '# leading comment',
    'rec1 3 250/360(12) 1000 10:20:30.5 1/03/2000',
    'rec1.dat 212 200(1024)/mV 11 1024 995 -1234 0 MLII lead',
    'rec1.dat 212 0 12 7 -5 42 0',
    'other.dat 16x2:3+24 142.045/uV 0 0',
    '#trailing comment',
    '',
  ].join('\r\n');

  it('reads the record line: counter frequency, base counter, nsamples, base time and date', () => {
    const h = parseHeader(text, '/x/rec1.hea');
    expect(h).toMatchObject({ recordName: 'rec1', sampleRate: 250, counterFrequency: 360, baseCounter: 12, nsamples: 1000, baseTime: '10:20:30.5', baseDate: '1/03/2000' });
    expect(h.comments).toEqual([' leading comment', 'trailing comment']);
  });

  it('reads every signal field, with WFDB defaults where fields are absent or 0', () => {
    const [a, b, c] = parseHeader(text, '/x/rec1.hea').signals;
    expect(a).toMatchObject({ fileName: 'rec1.dat', filePath: '/x/rec1.dat', format: 212, gain: 200, uncalibrated: false, baseline: 1024, units: 'mV', adcResolution: 11, adcZero: 1024, initialValue: 995, checksum: -1234, blockSize: 0, description: 'MLII lead', line: 3 });
    // gain 0 = uncalibrated -> 200 adu/mV; baseline defaults to ADC zero
    expect(b).toMatchObject({ gain: 200, uncalibrated: true, baseline: 7, adcZero: 7, initialValue: -5, checksum: 42, description: '' });
    // 16x2:3+24: two samples per frame, skew 3, data from byte 24; resolution 0 -> format default 16; initial value defaults to ADC zero
    expect(c).toMatchObject({ format: 16, samplesPerFrame: 2, skew: 3, byteOffset: 24, gain: 142.045, units: 'uV', adcResolution: 16, initialValue: 0, checksum: undefined });
  });

  it('gives the same result for LF and CRLF line endings', () => {
    expect(parseHeader(text.replace(/\r\n/g, '\n'), '/x/rec1.hea')).toEqual(parseHeader(text, '/x/rec1.hea'));
  });

  it('uses 250 Hz and an unknown length when the record line stops early', () => {
    const h = parseHeader('r 0\n', 'r.hea');
    expect(h.sampleRate).toBe(250);
    expect(h.nsamples).toBeUndefined();
    expect(h.signals).toEqual([]);
  });

  it('rejects an unknown format with E_WFDB_FORMAT naming file and line', () => {
    const e = thrown(() => parseHeader('r 1 360 10\r\n# c\r\nr.dat 999 200 12 0 0 0 0 x\r\n', 'dir/r.hea'));
    expect(e.code).toBe('E_WFDB_FORMAT');
    expect(e.file).toBe('dir/r.hea');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/999/);
  });

  it('rejects missing signal lines, malformed fields and multi-segment records with E_WFDB_HEADER and a line', () => {
    const cases: [string, number][] = [
      ['r 2 360 10\nr.dat 212 200 12 0 0 0 0 x\n', 1],
      ['r 1 abc 10\nr.dat 212\n', 1],
      ['r 1 360 10\nr.dat 212 2x0(1)\n', 2],
      ['r 1 360 10\nr.dat 212 200 12 zero\n', 2],
      ['r 1 360 10\nr.dat 16+x\n', 2],
      ['r/3 1 360 10\n', 1],
      ['r 1 360 10\na.dat 16\nb.dat 16\n', 3],
      ['# only a comment\n', 1],
      ['r 2 360 10\na.dat 16\na.dat 212\n', 3],
    ];
    for (const [t, line] of cases) {
      const e = thrown(() => parseHeader(t, 'r.hea'));
      expect(e.code, t).toBe('E_WFDB_HEADER');
      expect(e.line, t).toBe(line);
    }
  });
});

describe('readHeader', () => {
  it('accepts the record path with or without .hea, and reports a missing header as E_WFDB_NOT_FOUND', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'r.hea'), 'r 1 360 2\r\nr.dat 16 200 12 0 0 0 0 x\r\n');
    expect(recordPathOf(path.join(dir, 'r.hea'))).toBe(path.join(dir, 'r'));
    expect(readHeader(path.join(dir, 'r.hea'))).toEqual(readHeader(path.join(dir, 'r')));
    const e = thrown(() => readHeader(path.join(dir, 'nope')));
    expect(e.code).toBe('E_WFDB_NOT_FOUND');
    expect(e.file).toBe(path.join(dir, 'nope.hea'));
  });
});

describe.skipIf(!hasData)(`real headers (${hasData ? dataDir : noDataMessage})`, () => {
  function headers(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? headers(p) : n.endsWith('.hea') ? [p] : [];
    });
  }

  it('parses every header under the data folder', () => {
    const all = headers(dataDir);
    expect(all.length).toBeGreaterThan(500);
    for (const f of all) {
      const h = readHeader(f);
      expect(h.recordName).toBe(path.basename(f, '.hea'));
      for (const s of h.signals) expect(s.gain).toBeGreaterThan(0);
    }
  });

  it('reads database quirks as the README describes them', () => {
    expect(readHeader(data('qtdb', 'sel102')).counterFrequency).toBe(360);
    const sel = readHeader(data('qtdb', 'sel14046'));
    expect([sel.sampleRate, sel.counterFrequency, sel.nsamples]).toEqual([250, 128, 224999]);
    const cinc = readHeader(data('cinc2017', 'A00206')).signals[0]!;
    expect(cinc).toMatchObject({ format: 16, byteOffset: 24, gain: 1000, units: 'mV', initialValue: 764, checksum: 0, fileName: 'A00206.mat' });
    const bw = readHeader(data('nstdb', 'bw')).signals[0]!;
    expect(bw).toMatchObject({ gain: 200, uncalibrated: true, adcResolution: 12 });
    const noisy = readHeader(data('nstdb', '118e00')).signals[1]!;
    expect(noisy).toMatchObject({ format: 16, gain: 200, baseline: 1024, adcZero: 0, initialValue: -103, checksum: -16890, description: 'V1' });
    expect(readHeader(data('afdb', '00735'))).toMatchObject({ sampleRate: 250, nsamples: undefined, signals: [] });
    expect(readHeader(data('aftdb', 'learning-set', 'n01'))).toMatchObject({ baseTime: '1:28:24', nsamples: 7680 });
  });
});
