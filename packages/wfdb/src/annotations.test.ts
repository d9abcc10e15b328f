import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  codeOf,
  decodeAnnotations,
  encodeAnnotations,
  isBeatCode,
  mnemonicOf,
  readAnnotations,
  writeAnnotations,
  writeBeatAnnotations,
  WfdbError,
  type AnnotationInput,
} from './index.js';
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

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
const EXTENSIONS = new Set(['.atr', '.qrs', '.qrsc', '.man', '.q1c', '.q2c', '.qt1', '.qt2']);

describe('codes', () => {
  it('maps the ecgcodes.h mnemonics both ways and knows which are beats', () => {
    const table = 'N L R a V F J A S E j / Q ~ _ | _ s T * D " = p B ^ t + u ? ! [ ] e n @ x f ( ) r'.split(' ');
    table.forEach((m, i) => {
      if (m === '_') return;
      expect(mnemonicOf(i + 1)).toBe(m);
      expect(codeOf(m)).toBe(i + 1);
    });
    expect(mnemonicOf(15)).toBe('[15]');
    expect(codeOf('[45]')).toBe(45);
    expect(codeOf('NOPE')).toBeUndefined();
    const beats = table.filter((m, i) => m !== '_' && isBeatCode(i + 1)).join('');
    expect(beats).toBe('NLRaVFJASEj/QB?!enfr');
  });
});

describe('encode / decode', () => {
  it('writes the canonical putann words: SKIP for long intervals, AUX padded to even, zero word at the end', () => {
    const out = encodeAnnotations([
      { sample: 5, mnemonic: 'N' },
      { sample: 2000, code: 5, aux: '(VT' },
    ]);
    // 0x0405 N+5 | SKIP 0xEC00, 1995 as high then low 16-bit half | 0x1400 V+0 | AUX 0xFC03 "(VT" pad | end
    expect([...out]).toEqual([0x05, 0x04, 0x00, 0xec, 0x00, 0x00, 0xcb, 0x07, 0x00, 0x14, 0x03, 0xfc, 0x28, 0x56, 0x54, 0x00, 0x00, 0x00]);
  });

  it('round-trips every field: out-of-order times, type 0, subtype -1, chan and num changes, latin1 aux, time-resolution note', () => {
    const anns: AnnotationInput[] = [
      { sample: 0, code: 22, aux: '## time resolution: 360' },
      { sample: 0, code: 28, aux: '(AFIB' },
      { sample: 1024, code: 1 },
      { sample: 70000, code: 14, subtype: -1 },
      { sample: 70000, code: 1, chan: 1, num: 3 },
      { sample: 69990, code: 5, chan: 1, num: -2 },
      { sample: 80000, code: 0 },
      { sample: 80000, code: 22, aux: 'é note' },
      { sample: 3_000_000_000 / 2, code: 12, chan: 0, num: 0, subtype: 511 },
    ];
    const encoded = encodeAnnotations(anns);
    // the time-resolution note opens the file the way WFDB writes it (NOTE word at 0, then AUX)
    expect([...encoded.subarray(0, 4)]).toEqual([0x00, 0x58, 23, 0xfc]);
    const back = decodeAnnotations(encoded, 'mem');
    expect(back.map((a) => [a.sample, a.code, a.subtype, a.chan, a.num, a.aux])).toEqual(
      anns.map((a, i) => [a.sample, a.code, a.subtype ?? 0, a.chan ?? (i >= 4 && i < 8 ? 1 : 0), a.num ?? (i === 4 ? 3 : i >= 5 && i < 8 ? -2 : 0), a.aux]),
    );
    expect(back[3]!.mnemonic).toBe('~');
    expect(encodeAnnotations(back)).toEqual(encoded);
  });

  it('reports damaged files as E_WFDB_ANNOTATION with the byte offset', () => {
    const cases: [Uint8Array, number, RegExp][] = [
      [bytes(0x05, 0x04, 0x00), 2, /middle of a 16-bit word/],
      [bytes(0x05, 0x04), 2, /no end-of-file/],
      [bytes(0x05, 0x04, 0x03, 0xfc, 0x28, 0x56), 2, /AUX/],
      [bytes(0x00, 0xec, 0x00, 0x00), 0, /SKIP/],
      [bytes(0x03, 0xf0, 0x00, 0x00), 0, /before the first annotation/],
      [bytes(0x05, 0x04, 0x00, 0x00, 0x05, 0x04), 4, /after the end-of-file/],
    ];
    for (const [b, offset, what] of cases) {
      const e = thrown(() => decodeAnnotations(b, 'x.atr'));
      expect(e.code).toBe('E_WFDB_ANNOTATION');
      expect(e.file).toBe('x.atr');
      expect(e.byteOffset).toBe(offset);
      expect(e.message).toMatch(what);
    }
  });

  it('rejects annotations it cannot encode', () => {
    expect(() => encodeAnnotations([{ sample: 1, mnemonic: '??' }])).toThrow(/annotations\[0\]/);
    expect(() => encodeAnnotations([{ sample: 1, code: 59 }])).toThrow(RangeError);
    expect(() => encodeAnnotations([{ sample: 1.5, code: 1 }])).toThrow(/integer/);
    expect(() => encodeAnnotations([{ sample: 1, code: 1, aux: 'x'.repeat(256) }])).toThrow(/255/);
  });

  it('writes detected beats as N annotations that read back', () => {
    const dir = tempDir();
    const file = path.join(dir, 'r.qrs');
    writeBeatAnnotations(file, Int32Array.from([10, 400, 5000, 5001]));
    expect(readAnnotations(file).map((a) => [a.sample, a.mnemonic])).toEqual([[10, 'N'], [400, 'N'], [5000, 'N'], [5001, 'N']]);
    expect(() => writeBeatAnnotations(file, [5, 4])).toThrow(/time order/);
    writeAnnotations(file, [{ sample: 3, symbol: 'V' }]);
    expect(readAnnotations(file)[0]!.code).toBe(5);
    expect(thrown(() => readAnnotations(path.join(dir, 'none.atr'))).code).toBe('E_WFDB_NOT_FOUND');
  });
});

describe.skipIf(!hasData)(`real annotation files (${hasData ? dataDir : noDataMessage})`, () => {
  function annotationFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? annotationFiles(p) : EXTENSIONS.has(path.extname(n)) ? [p] : [];
    });
  }

  it('reads and re-encodes EVERY annotation file byte for byte', () => {
    const files = annotationFiles(dataDir);
    expect(files.length).toBeGreaterThan(300);
    const pseudo = new Set<string>();
    for (const f of files) {
      const original = readFileSync(f);
      const anns = readAnnotations(f);
      for (const a of anns) {
        if (a.subtype) pseudo.add('SUB');
        if (a.chan) pseudo.add('CHN');
        if (a.num) pseudo.add('NUM');
        if (a.aux) pseudo.add('AUX');
        if (a.auxRaw) pseudo.add('NUL in AUX');
      }
      if (anns.some((a, i) => a.sample - (anns[i - 1]?.sample ?? 0) > 1023)) pseudo.add('SKIP');
      const again = encodeAnnotations(anns);
      expect(Buffer.from(again).equals(original), f).toBe(true);
    }
    // the set exercises every pseudo-word, so the identity above means something
    expect([...pseudo].sort()).toEqual(['AUX', 'CHN', 'NUL in AUX', 'NUM', 'SKIP', 'SUB']);
  });

  it('gives the published beat counts of mitdb 101 and the rhythm labels of afdb', () => {
    const counts: Record<string, number> = {};
    const anns = readAnnotations(data('mitdb', '101.atr'));
    for (const a of anns) counts[a.mnemonic] = (counts[a.mnemonic] ?? 0) + 1;
    expect(counts).toMatchObject({ N: 1860, A: 3, Q: 2 });
    expect(anns[0]).toMatchObject({ sample: 7, mnemonic: '+', aux: '(N', auxRaw: '(N\0' });
    expect(readAnnotations(data('afdb', '07859.atr')).map((a) => [a.mnemonic, a.aux])).toEqual([['+', '(AFIB']]);
    const labels = new Set(readAnnotations(data('afdb', '04936.atr')).map((a) => a.aux));
    expect(labels).toEqual(new Set(['(AFIB', '(AFL', '(N']));
  });

  it('reports every truncation of a real file with a byte offset inside the file', () => {
    const original = readFileSync(data('afdb', '04015.atr'));
    for (let cut = 0; cut < Math.min(original.length - 1, 400); cut++) {
      const e = thrown(() => decodeAnnotations(original.subarray(0, cut), 'cut.atr'));
      expect(e.code).toBe('E_WFDB_ANNOTATION');
      expect(e.byteOffset).toBeLessThanOrEqual(cut);
    }
    const dir = tempDir();
    writeFileSync(path.join(dir, 'odd.atr'), original.subarray(0, 7));
    expect(thrown(() => readAnnotations(path.join(dir, 'odd.atr'))).file).toBe(path.join(dir, 'odd.atr'));
  });
});
