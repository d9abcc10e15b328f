import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WfdbError } from './errors.js';
import { defaultAdcResolution, isSupportedFormat, supportedFormats } from './formats.js';

/** WFDB's gain for a signal whose header gain is 0 or absent ("uncalibrated"). */
export const DEFAULT_GAIN = 200; // adu per physical unit
/** WFDB's sampling frequency when the record line omits it. */
export const DEFAULT_SAMPLE_RATE = 250; // Hz

/** One signal line of a header. */
export interface SignalSpec {
  /** File name as written in the header. */
  fileName: string;
  /** File path resolved against the header's directory. */
  filePath: string;
  format: number;
  /** Samples of this signal per frame (the `x2` of `212x2`); 1 for ordinary signals. */
  samplesPerFrame: number;
  /** Skew in frames (`:n`); parsed and kept, not applied when reading. */
  skew: number;
  /** Bytes to skip at the start of the file before the first sample (`+24`). */
  byteOffset: number;
  /** adu per physical unit; DEFAULT_GAIN where the header gives 0 or nothing. */
  gain: number;
  /** True where the header gain was 0 or absent. */
  uncalibrated: boolean;
  /** adu value that corresponds to 0 physical units. */
  baseline: number;
  /** Physical units, `mV` unless the header says otherwise. */
  units: string;
  /** ADC resolution, bits. */
  adcResolution: number;
  /** ADC output for a 0 V input, adu. */
  adcZero: number;
  /** Value of the first sample as the header states it, adu (may disagree with the data: cinc2017). */
  initialValue: number;
  /** 16-bit signed checksum of all samples, or undefined where the header omits it. */
  checksum: number | undefined;
  blockSize: number;
  description: string;
  /** 1-based line of this signal in the header file. */
  line: number;
}

export interface RecordHeader {
  /** Header file path (or the name given to parseHeader). */
  file: string;
  recordName: string;
  sampleRate: number; // Hz
  /** Counter frequency (the `/360` in `250/360`), Hz; undefined when absent. */
  counterFrequency: number | undefined;
  /** Base counter value (the `(n)` after the counter frequency). */
  baseCounter: number | undefined;
  /** Samples per signal (frames); undefined when the header leaves it out or gives 0. */
  nsamples: number | undefined;
  /** Base time as written (`HH:MM:SS[.sss]`), if any. */
  baseTime: string | undefined;
  /** Base date as written (`DD/MM/YYYY`), if any. */
  baseDate: string | undefined;
  signals: SignalSpec[];
  /** `#` comment lines, without the `#`, in order. */
  comments: string[];
}

const NUM = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const FS_RE = new RegExp(`^(${NUM})(?:/(${NUM})(?:\\((${NUM})\\))?)?$`);
const FORMAT_RE = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/;
const GAIN_RE = new RegExp(`^(${NUM})(?:\\(([-+]?\\d+)\\))?(?:/(\\S+))?$`);
const INT_RE = /^[-+]?\d+$/;
const TIME_RE = /^\[?\d{1,2}(?::\d{1,2}){0,2}(?:\.\d*)?\]?$/;

/** Accepts `dir/100`, `dir/100.hea` or `dir/100.` and returns the record path without extension. */
export function recordPathOf(nameOrHea: string): string {
  return nameOrHea.endsWith('.hea') ? nameOrHea.slice(0, -4) : nameOrHea;
}

/** Reads and parses `<record>.hea`. */
export function readHeader(recordPath: string): RecordHeader {
  const file = `${recordPathOf(recordPath)}.hea`;
  if (!existsSync(file)) {
    throw new WfdbError('E_WFDB_NOT_FOUND', `header ${file} does not exist; pass the record path without extension or the .hea path`, { file });
  }
  return parseHeader(readFileSync(file, 'latin1'), file);
}

/** Parses header text; `file` names the header in errors and is the base for data file paths. */
export function parseHeader(text: string, file: string): RecordHeader {
  const lines = text.split(/\r?\n/);
  const comments: string[] = [];
  let header: RecordHeader | undefined;
  let expected = 0;
  let recordLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#')) {
      comments.push(trimmed.slice(1));
      continue;
    }
    if (trimmed === '') continue;
    if (header === undefined) {
      header = parseRecordLine(trimmed, file, i + 1, comments);
      recordLine = i + 1;
      expected = header.signals.length; // placeholder array sized to nsig
      header.signals = [];
      continue;
    }
    if (header.signals.length >= expected) {
      throw new WfdbError('E_WFDB_HEADER', `${file} line ${i + 1}: more signal lines than the ${expected} the record line declares; fix the signal count`, { file, line: i + 1 });
    }
    header.signals.push(parseSignalLine(trimmed, file, i + 1));
  }
  if (header === undefined) {
    throw new WfdbError('E_WFDB_HEADER', `${file}: no record line found; a header starts with "name nsig [fs [nsamples]]"`, { file, line: 1 });
  }
  if (header.signals.length < expected) {
    throw new WfdbError('E_WFDB_HEADER', `${file}: record line declares ${expected} signals but only ${header.signals.length} signal lines follow; add the missing lines or fix the count`, { file, line: recordLine });
  }
  checkGroups(header);
  return header;
}

function headerError(file: string, line: number, what: string): WfdbError {
  return new WfdbError('E_WFDB_HEADER', `${file} line ${line}: ${what}`, { file, line });
}

function parseRecordLine(text: string, file: string, line: number, comments: string[]): RecordHeader {
  const f = text.split(/\s+/);
  const [nameField, nsigField, fsField, nField] = f;
  if (nameField!.includes('/')) {
    throw headerError(file, line, `"${nameField}" is a multi-segment record, which this reader does not support; read the segments one by one`);
  }
  if (nsigField === undefined || !/^\d+$/.test(nsigField)) {
    throw headerError(file, line, `expected the number of signals after the record name, got "${nsigField ?? ''}"`);
  }
  let sampleRate = DEFAULT_SAMPLE_RATE;
  let counterFrequency: number | undefined;
  let baseCounter: number | undefined;
  if (fsField !== undefined) {
    const m = FS_RE.exec(fsField);
    if (!m) throw headerError(file, line, `sampling frequency "${fsField}" is not a number (forms: 360, 250/360, 250/360(0))`);
    sampleRate = Number(m[1]);
    if (m[2] !== undefined) counterFrequency = Number(m[2]);
    if (m[3] !== undefined) baseCounter = Number(m[3]);
    if (!(sampleRate > 0)) sampleRate = DEFAULT_SAMPLE_RATE;
  }
  let nsamples: number | undefined;
  if (nField !== undefined) {
    if (!/^\d+$/.test(nField)) throw headerError(file, line, `number of samples "${nField}" is not a non-negative integer`);
    nsamples = Number(nField) || undefined;
  }
  const baseTime = f[4];
  if (baseTime !== undefined && !TIME_RE.test(baseTime)) throw headerError(file, line, `base time "${baseTime}" is not HH:MM:SS`);
  return {
    file,
    recordName: nameField!,
    sampleRate,
    counterFrequency,
    baseCounter,
    nsamples,
    baseTime,
    baseDate: f[5],
    signals: new Array<SignalSpec>(Number(nsigField)),
    comments,
  };
}

function parseSignalLine(text: string, file: string, line: number): SignalSpec {
  const f = text.split(/\s+/);
  const fileName = f[0]!;
  const fmt = FORMAT_RE.exec(f[1] ?? '');
  if (!fmt) throw headerError(file, line, `format field "${f[1] ?? ''}" is not of the form 212, 212x2, 16+24`);
  const format = Number(fmt[1]);
  if (!isSupportedFormat(format)) {
    throw new WfdbError('E_WFDB_FORMAT', `${file} line ${line}: signal format ${format} is not supported (supported: ${supportedFormats.join(', ')}); convert the record, e.g. with WFDB's xform -F 16`, { file, line });
  }
  if (fileName === '-') throw headerError(file, line, 'signals on standard input ("-") cannot be read from a file');
  const int = (i: number, name: string, fallback: number): number => {
    const v = f[i];
    if (v === undefined) return fallback;
    if (!INT_RE.test(v)) throw headerError(file, line, `${name} "${v}" is not an integer`);
    return Number(v);
  };
  let gain = 0;
  let baselineField: number | undefined;
  let units = 'mV';
  if (f[2] !== undefined) {
    const g = GAIN_RE.exec(f[2]);
    if (!g) throw headerError(file, line, `gain field "${f[2]}" is not of the form 200, 200(1024) or 200(1024)/mV`);
    gain = Number(g[1]);
    if (g[2] !== undefined) baselineField = Number(g[2]);
    if (g[3] !== undefined) units = g[3];
  }
  const adcResolution = int(3, 'ADC resolution', 0) || defaultAdcResolution(format);
  const adcZero = int(4, 'ADC zero', 0);
  const initialValue = int(5, 'initial value', adcZero);
  const checksum = f[6] === undefined ? undefined : int(6, 'checksum', 0);
  const blockSize = int(7, 'block size', 0);
  // The description is everything after the block size, spaces included.
  const description = f.length > 8 ? text.replace(/^(\S+\s+){8}/, '').trim() : '';
  return {
    fileName,
    filePath: path.resolve(path.dirname(file), fileName),
    format,
    samplesPerFrame: fmt[2] !== undefined ? Math.max(1, Number(fmt[2])) : 1,
    skew: fmt[3] !== undefined ? Number(fmt[3]) : 0,
    byteOffset: fmt[4] !== undefined ? Number(fmt[4]) : 0,
    gain: gain === 0 ? DEFAULT_GAIN : gain,
    uncalibrated: gain === 0,
    baseline: baselineField ?? adcZero,
    units,
    adcResolution,
    adcZero,
    initialValue,
    checksum,
    blockSize,
    description,
    line,
  };
}

/** Signals sharing a file must be consecutive and agree on format and byte offset, as WFDB requires. */
function checkGroups(h: RecordHeader): void {
  const seen = new Set<string>();
  let prev: SignalSpec | undefined;
  for (const s of h.signals) {
    if (prev && prev.fileName === s.fileName) {
      if (prev.format !== s.format || prev.byteOffset !== s.byteOffset) {
        throw headerError(h.file, s.line, `signals in ${s.fileName} disagree on format or byte offset (${prev.format}+${prev.byteOffset} vs ${s.format}+${s.byteOffset}); one file holds one format`);
      }
    } else {
      if (seen.has(s.fileName)) throw headerError(h.file, s.line, `signals of ${s.fileName} are not on consecutive lines; WFDB groups a file's signals together`);
      seen.add(s.fileName);
    }
    prev = s;
  }
}
