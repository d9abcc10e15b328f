import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseHeader, type RecordHeader } from './header.js';

export interface SignalToWrite {
  /** Raw values, adu. Give either `adc` or `physical`. */
  adc?: ArrayLike<number>;
  /** Physical values (units below); stored as round(x * gain + baseline); NaN becomes the invalid sample. */
  physical?: ArrayLike<number>;
  gain?: number; // adu per unit; default 200
  baseline?: number; // adu; default adcZero
  units?: string; // default mV
  adcResolution?: number; // bits; default 12 (format 212) or 16 (format 16)
  adcZero?: number; // adu; default 0
  description?: string;
}

export interface RecordToWrite {
  /** Record name; files are `<name>.hea` and `<name>.dat`. */
  name: string;
  sampleRate: number; // Hz
  format: 212 | 16;
  signals: SignalToWrite[];
  baseTime?: string;
  baseDate?: string;
  /** Header comment lines, without the leading `#`. */
  comments?: string[];
}

export interface WrittenRecord {
  headerPath: string;
  dataPath: string;
  header: RecordHeader;
}

const RANGE = { 212: [-2048, 2047], 16: [-32768, 32767] } as const; // the minimum is WFDB's invalid sample

function adcOf(s: SignalToWrite, i: number, gain: number, baseline: number, format: 212 | 16): Int32Array {
  const src = s.adc ?? s.physical;
  if (!src || (s.adc && s.physical)) throw new TypeError(`signals[${i}]: give exactly one of adc or physical`);
  const [lo, hi] = RANGE[format];
  const out = new Int32Array(src.length);
  for (let k = 0; k < src.length; k++) {
    const x = src[k]!;
    const v = s.adc ? x : Number.isNaN(x) ? lo : Math.round(x * gain + baseline);
    // From physical values the minimum is refused: it would read back as "invalid", not as a value.
    if (!Number.isInteger(v) || v < lo || v > hi || (!s.adc && v === lo && !Number.isNaN(x))) {
      throw new RangeError(`signals[${i}][${k}]: ${x} gives ${v} adu, outside format ${format} (${lo}..${hi}); change gain/baseline or use format 16`);
    }
    out[k] = v;
  }
  return out;
}

/** Interleaves signals frame by frame and packs them in format 212 (odd final sample in 2 bytes) or 16. */
function pack(cols: Int32Array[], format: 212 | 16): Uint8Array {
  const frames = cols[0]?.length ?? 0;
  const n = frames * cols.length;
  const out = new Uint8Array(format === 16 ? 2 * n : Math.ceil((3 * n) / 2));
  for (let i = 0; i < n; i++) {
    const v = cols[i % cols.length]![Math.floor(i / cols.length)]!;
    if (format === 16) {
      out[2 * i] = v & 0xff;
      out[2 * i + 1] = (v >> 8) & 0xff;
    } else {
      const p = 3 * (i >> 1);
      if ((i & 1) === 0) {
        out[p] = v & 0xff;
        out[p + 1] = (out[p + 1]! & 0xf0) | ((v >> 8) & 0x0f);
      } else {
        out[p + 1] = (out[p + 1]! & 0x0f) | ((v >> 4) & 0xf0);
        out[p + 2] = v & 0xff;
      }
    }
  }
  return out;
}

const checksumOf = (a: Int32Array): number => {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum = (sum + a[k]!) | 0;
  return (sum << 16) >> 16;
};

/**
 * Writes `<dir>/<name>.dat` (all signals in one file) and `<dir>/<name>.hea` with CRLF line
 * endings, initial values and checksums, so excerpts of records can be bundled as fixtures.
 */
export function writeRecord(dir: string, rec: RecordToWrite): WrittenRecord {
  if (!/^[\w-]+$/.test(rec.name)) throw new TypeError(`name: "${rec.name}" must be letters, digits, _ or - (WFDB record names)`);
  if (rec.format !== 212 && rec.format !== 16) throw new TypeError(`format: ${String(rec.format)} is not 212 or 16`);
  if (!(rec.sampleRate > 0)) throw new RangeError(`sampleRate: ${rec.sampleRate} is not a positive frequency`);
  const specs = rec.signals.map((s, i) => {
    const gain = s.gain ?? 200;
    if (!(gain > 0)) throw new RangeError(`signals[${i}].gain: ${gain} must be positive`);
    const adcZero = s.adcZero ?? 0;
    const baseline = s.baseline ?? adcZero;
    return { s, gain, adcZero, baseline, adc: adcOf(s, i, gain, baseline, rec.format) };
  });
  const frames = specs[0]?.adc.length ?? 0;
  specs.forEach((x, i) => {
    if (x.adc.length !== frames) throw new RangeError(`signals[${i}]: ${x.adc.length} samples, but signals[0] has ${frames}; all signals need the same length`);
  });
  const dat = `${rec.name}.dat`;
  const lines = [[rec.name, specs.length, rec.sampleRate, frames, rec.baseTime, rec.baseDate].filter((f) => f !== undefined).join(' ')];
  for (const { s, gain, adcZero, baseline, adc } of specs) {
    const g = `${gain}${baseline !== adcZero ? `(${baseline})` : ''}/${s.units ?? 'mV'}`;
    const res = s.adcResolution ?? (rec.format === 212 ? 12 : 16);
    const fields = [dat, rec.format, g, res, adcZero, adc[0] ?? adcZero, checksumOf(adc), 0];
    lines.push([...fields, ...(s.description ? [s.description] : [])].join(' '));
  }
  for (const c of rec.comments ?? []) lines.push(`#${c}`);
  const text = lines.map((l) => `${l}\r\n`).join('');
  mkdirSync(dir, { recursive: true });
  const dataPath = path.join(dir, dat);
  const headerPath = path.join(dir, `${rec.name}.hea`);
  writeFileSync(dataPath, pack(specs.map((x) => x.adc), rec.format));
  writeFileSync(headerPath, text);
  return { headerPath, dataPath, header: parseHeader(text, headerPath) };
}
