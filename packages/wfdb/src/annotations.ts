import { readFileSync, writeFileSync } from 'node:fs';
import { WfdbError } from './errors.js';
import { annotationCodes, codeOf, mnemonicOf, pseudoCodes } from './codes.js';

/** One annotation of an MIT-format annotation file. */
export interface Annotation {
  /** Absolute sample index (frame number) in the record. */
  sample: number;
  /** Annotation type code (1 = N, 5 = V, 28 = rhythm change ...). */
  code: number;
  /** WFDB mnemonic of `code` (`N`, `V`, `+` ...). */
  mnemonic: string;
  /** Same as `mnemonic` (the name wfdb-python uses). */
  symbol: string;
  /** 10-bit field, sign-extended (WFDB uses -1 for "unreadable" noise). */
  subtype: number;
  /** Signal the annotation belongs to (0..1023); carried over from the previous annotation unless changed. */
  chan: number;
  /** 10-bit field, sign-extended; carried over from the previous annotation unless changed. */
  num: number;
  /**
   * Auxiliary string (rhythm label such as `(AFIB`, notes) as WFDB programs see it: bytes read as
   * latin1, up to the first NUL. Absent when the annotation has none.
   */
  aux?: string;
  /**
   * The stored aux bytes, present only where they differ from `aux`: mitdb files store `(N\0`
   * with the NUL counted in the length. The writer uses it while it still agrees with `aux`, so
   * files round-trip byte for byte.
   */
  auxRaw?: string;
}

/** What the writer needs; the type comes from `code`, else `mnemonic`, else `symbol`. */
export interface AnnotationInput {
  sample: number;
  code?: number;
  mnemonic?: string;
  symbol?: string;
  subtype?: number;
  chan?: number;
  num?: number;
  aux?: string;
  auxRaw?: string;
}

const { SKIP, NUM, SUB, CHN, AUX } = pseudoCodes;
const DATA = 0x3ff; // low 10 bits of a word
const MAXRR = 0x3ff; // longest interval one word can hold
const MAX_CODE = SKIP - 1; // codes up to 58 are annotation types in a file; 59..63 are pseudo-words

const cStringOf = (raw: string): string => {
  const nul = raw.indexOf('\0');
  return nul < 0 ? raw : raw.slice(0, nul);
};

/** Bytes to store for an annotation's aux: auxRaw while it still matches aux, else aux. */
function auxBytesOf(a: AnnotationInput): string {
  const aux = a.aux ?? '';
  return a.auxRaw !== undefined && cStringOf(a.auxRaw) === aux ? a.auxRaw : aux;
}

const signed10 = (v: number): number => (v << 22) >> 22;

/**
 * Decodes MIT annotation bytes: little-endian 16-bit words, 6-bit code over a 10-bit time increment,
 * SKIP (with a 32-bit interval, high half first), NUM, SUB, CHN and AUX pseudo-words that modify the
 * annotation before them, and a zero word at the end. `file` names the source in errors.
 */
export function decodeAnnotations(bytes: Uint8Array, file: string): Annotation[] {
  const fail = (byteOffset: number, what: string): WfdbError =>
    new WfdbError('E_WFDB_ANNOTATION', `${file}: ${what} at byte ${byteOffset}; the file is damaged or not an MIT annotation file (re-copy it)`, { file, byteOffset });
  const out: Annotation[] = [];
  const n = bytes.length;
  let pos = 0;
  let time = 0;
  let chan = 0;
  let num = 0;
  let cur: Annotation | undefined;
  for (;;) {
    if (pos + 2 > n) {
      throw pos === n ? fail(pos, 'no end-of-file zero word (file ends without its terminating two zero bytes)') : fail(pos, 'file cut in the middle of a 16-bit word');
    }
    const word = bytes[pos]! | (bytes[pos + 1]! << 8);
    const at = pos;
    pos += 2;
    if (word === 0) break;
    const code = word >> 10;
    const data = word & DATA;
    if (code === SKIP) {
      if (pos + 4 > n) throw fail(at, 'file cut in the middle of a SKIP (long interval)');
      const hi = bytes[pos]! | (bytes[pos + 1]! << 8);
      const lo = bytes[pos + 2]! | (bytes[pos + 3]! << 8);
      time += ((hi << 16) | lo) >> 0;
      pos += 4;
      continue;
    }
    if (code > MAX_CODE) {
      if (!cur) throw fail(at, `pseudo-word ${code} before the first annotation`);
      if (code === NUM) cur.num = num = signed10(data);
      else if (code === SUB) cur.subtype = signed10(data);
      else if (code === CHN) cur.chan = chan = data;
      else {
        const len = word & 0xff; // AUX: byte count in the low 8 bits, then the bytes, padded to even
        const padded = len + (len & 1);
        if (pos + padded > n) throw fail(at, `file cut in the middle of a ${len}-byte AUX string`);
        const raw = String.fromCharCode(...bytes.subarray(pos, pos + len));
        const text = cStringOf(raw);
        if (text.length > 0) cur.aux = text;
        else delete cur.aux;
        if (raw !== text) cur.auxRaw = raw;
        else delete cur.auxRaw;
        pos += padded;
      }
      continue;
    }
    time += data;
    const mnemonic = mnemonicOf(code);
    cur = { sample: time, code, mnemonic, symbol: mnemonic, subtype: 0, chan, num };
    out.push(cur);
  }
  if (pos !== n) throw fail(pos, `${n - pos} bytes after the end-of-file zero word`);
  return out;
}

function typeOf(a: AnnotationInput, i: number): number {
  const code = a.code ?? (a.mnemonic !== undefined ? codeOf(a.mnemonic) : a.symbol !== undefined ? codeOf(a.symbol) : undefined);
  if (code === undefined || !Number.isInteger(code) || code < 0 || code > MAX_CODE) {
    throw new RangeError(`annotations[${i}]: type ${String(a.code ?? a.mnemonic ?? a.symbol)} is not an annotation code (0..${MAX_CODE}) or known mnemonic`);
  }
  return code;
}

/**
 * Encodes annotations exactly as WFDB's putann writes them (annot.c), so PhysioNet's tools read
 * our files. The WFDB software cannot be installed here (no apt package, PyPI refused), so our
 * evidence is that decode-then-encode reproduces every PhysioNet-written annotation file in the
 * shared data byte for byte (annotations.test.ts). Per annotation: a SKIP when the interval is
 * negative or over 1023 samples (type 0 always gets a SKIP to one sample before, so its word is
 * never the zero end word), the code/interval word, SUB if subtype != 0, CHN and NUM only when they
 * change, AUX with its bytes padded to even length; then the zero word.
 */
export function encodeAnnotations(anns: readonly AnnotationInput[]): Uint8Array {
  const bytes: number[] = [];
  const put16 = (w: number): void => void bytes.push(w & 0xff, (w >> 8) & 0xff);
  let prevTime = 0;
  let prevChan = 0;
  let prevNum = 0;
  anns.forEach((a, i) => {
    const code = typeOf(a, i);
    if (!Number.isSafeInteger(a.sample)) throw new RangeError(`annotations[${i}]: sample ${a.sample} is not an integer`);
    const chan = a.chan ?? prevChan;
    const num = a.num ?? prevNum;
    const subtype = a.subtype ?? 0;
    let delta = a.sample - prevTime;
    if (delta > 0x7fffffff || delta < -0x80000000) throw new RangeError(`annotations[${i}]: interval ${delta} does not fit a SKIP`);
    if (code === 0 || delta > MAXRR || delta < 0) {
      const skip = code === 0 ? delta - 1 : delta;
      put16(SKIP << 10);
      put16(skip >> 16);
      put16(skip & 0xffff);
      delta = code === 0 ? 1 : 0;
    }
    put16((code << 10) | delta);
    if (subtype !== 0) put16((SUB << 10) | (subtype & DATA));
    if (chan !== prevChan) put16((CHN << 10) | (chan & DATA));
    if (num !== prevNum) put16((NUM << 10) | (num & DATA));
    const aux = auxBytesOf(a);
    if (aux.length > 0) {
      if (aux.length > 255) throw new RangeError(`annotations[${i}]: aux is ${aux.length} bytes; the MIT format holds at most 255`);
      put16((AUX << 10) | aux.length);
      for (let k = 0; k < aux.length; k++) {
        const c = aux.charCodeAt(k);
        if (c > 0xff) throw new RangeError(`annotations[${i}]: aux has a character beyond latin1 at ${k}; aux strings are bytes`);
        bytes.push(c);
      }
      if (aux.length & 1) bytes.push(0);
    }
    prevTime = a.sample;
    prevChan = chan;
    prevNum = num;
  });
  put16(0);
  return Uint8Array.from(bytes);
}

/** Reads an annotation file given its full path (`.../101.atr`). */
export function readAnnotations(file: string): Annotation[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new WfdbError('E_WFDB_NOT_FOUND', `annotation file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the full path with its extension, e.g. 101.atr`, { file }, { cause: e });
  }
  return decodeAnnotations(bytes, file);
}

/** Writes annotations to `file` (full path with extension) in WFDB's canonical encoding. */
export function writeAnnotations(file: string, anns: readonly AnnotationInput[]): void {
  writeFileSync(file, encodeAnnotations(anns));
}

/** Writes detected beats (ascending sample indices) as type-N annotations, e.g. `<out>/101.qrs`. */
export function writeBeatAnnotations(file: string, beats: ArrayLike<number>, code: number = annotationCodes.NORMAL): void {
  const anns: AnnotationInput[] = [];
  for (let i = 0; i < beats.length; i++) {
    if (i > 0 && beats[i]! < beats[i - 1]!) throw new RangeError(`beats[${i}] = ${beats[i]} comes before beats[${i - 1}] = ${beats[i - 1]}; beats must be in time order`);
    anns.push({ sample: beats[i]!, code });
  }
  writeAnnotations(file, anns);
}
