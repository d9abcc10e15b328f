/**
 * Sample decoders for WFDB signal file formats. Samples of all signals in a file form one
 * interleaved "flat" stream; flat index i is sample (i mod S) of frame floor(i / S), S being the
 * samples per frame in that file. Decoders work on any flat range, so chunked reading needs no
 * carry-over state between chunks (except format 8, whose samples are first differences).
 */

export interface FormatCodec {
  /** Raw value WFDB reserves for "no sample" in this format (read as NaN in physical units). */
  invalid: number | undefined;
  /** True when stored values are first differences (format 8). */
  differential: boolean;
  /** Byte (relative to the data start) where flat sample i begins. */
  byteStart(i: number): number;
  /** Bytes needed to hold flat samples [0, n). */
  byteEnd(n: number): number;
  /**
   * Decode flat samples [from, from + count) into out[0..count). `buf[0]` is byte `base` of the
   * data, and buf must cover byteStart(from)..byteEnd(from + count).
   */
  decode(buf: Uint8Array, base: number, from: number, count: number, out: Int32Array): void;
}

function fixed(bytes: number, invalid: number | undefined, read: (b: Uint8Array, p: number) => number, differential = false): FormatCodec {
  return {
    invalid,
    differential,
    byteStart: (i) => i * bytes,
    byteEnd: (n) => n * bytes,
    decode(buf, base, from, count, out) {
      let p = from * bytes - base;
      for (let k = 0; k < count; k++, p += bytes) out[k] = read(buf, p);
    },
  };
}

const fmt212: FormatCodec = {
  invalid: -2048,
  differential: false,
  byteStart: (i) => Math.floor((3 * i) / 2),
  byteEnd: (n) => Math.ceil((3 * n) / 2),
  decode(buf, base, from, count, out) {
    // Pair p occupies bytes 3p..3p+2: A = b0 | (b1 & 0x0f) << 8, B = b2 | (b1 & 0xf0) << 4.
    for (let k = 0, i = from; k < count; k++, i++) {
      const p = 3 * (i >> 1) - base;
      const v = (i & 1) === 0 ? buf[p]! | ((buf[p + 1]! & 0x0f) << 8) : buf[p + 2]! | ((buf[p + 1]! & 0xf0) << 4);
      out[k] = (v << 20) >> 20;
    }
  },
};

/** Three 10-bit samples per 4 bytes; `word(buf, p, k)` extracts sample k of the triple at p. */
function triple(tail: [number, number], word: (b: Uint8Array, p: number, k: number) => number): FormatCodec {
  return {
    invalid: -512,
    differential: false,
    byteStart: (i) => 4 * Math.floor(i / 3), // decode reads whole triples
    byteEnd: (n) => 4 * Math.floor(n / 3) + (n % 3 === 0 ? 0 : tail[(n % 3) - 1]!),
    decode(buf, base, from, count, out) {
      for (let k = 0, i = from; k < count; k++, i++) {
        const v = word(buf, 4 * Math.floor(i / 3) - base, i % 3);
        out[k] = (v << 22) >> 22;
      }
    },
  };
}

const at = (b: Uint8Array, p: number): number => b[p] ?? 0; // bytes past a short tail read as 0

// Format 310: two little-endian 16-bit words; samples 0 and 1 in bits 1-10 of each word, sample 2
// from bits 11-15 of word 0 (low half) and of word 1 (high half).
const fmt310 = triple([2, 4], (b, p, k) => {
  const w0 = at(b, p) | (at(b, p + 1) << 8);
  const w1 = at(b, p + 2) | (at(b, p + 3) << 8);
  if (k === 0) return w0 >> 1;
  if (k === 1) return w1 >> 1;
  return ((w0 & 0xf800) >> 11) | ((w1 & 0xf800) >> 6);
});

// Format 311: one little-endian 32-bit word, samples in bits 0-9, 10-19, 20-29.
const fmt311 = triple([2, 3], (b, p, k) => {
  const w = (at(b, p) | (at(b, p + 1) << 8) | (at(b, p + 2) << 16) | (at(b, p + 3) << 24)) >>> 0;
  return (w >>> (10 * k)) & 0x3ff;
});

const codecs = new Map<number, FormatCodec>([
  [8, fixed(1, undefined, (b, p) => (b[p]! << 24) >> 24, true)],
  [16, fixed(2, -32768, (b, p) => ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16)],
  [24, fixed(3, -8388608, (b, p) => ((b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) << 8) >> 8)],
  [32, fixed(4, -2147483648, (b, p) => b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24))],
  [61, fixed(2, -32768, (b, p) => ((b[p + 1]! | (b[p]! << 8)) << 16) >> 16)],
  [80, fixed(1, -128, (b, p) => b[p]! - 128)],
  [212, fmt212],
  [310, fmt310],
  [311, fmt311],
]);

export const supportedFormats: readonly number[] = [...codecs.keys()];

export function isSupportedFormat(format: number): boolean {
  return codecs.has(format);
}

export function codecOf(format: number): FormatCodec {
  const c = codecs.get(format);
  if (!c) throw new RangeError(`format ${format} is not supported`);
  return c;
}

/** WFDB's ADC resolution (bits) for a header that gives 0 or nothing. */
export function defaultAdcResolution(format: number): number {
  switch (format) {
    case 8:
    case 80:
      return 8;
    case 212:
      return 12;
    case 310:
    case 311:
      return 10;
    case 24:
      return 24;
    case 32:
      return 32;
    default:
      return 16;
  }
}
