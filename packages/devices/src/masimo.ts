/**
 * Masimo Radical-7 / Rad-8 (and Radical-5) "ASCII 1" serial output: 9600 8N1, one line per second,
 *   12/01/05 11:56:29 SN=0123456789 SPO2=098% BPM=072 PI=02.50% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- PVI=--- ALARM=0000 EXC=000000
 * ended by CR LF. Date MM/DD/YY, time HH:MM:SS (device clock, not trusted as wall time). A field filled
 * with '-' is not available (null). ALARM and EXC are ASCII-hex bit fields.
 *
 * Sources:
 * - MD PnP Program (2012) ICE driver for Masimo Radical 5/7, poxrad_discrete.h ("@see Radical Signal
 *   Extraction Pulse Oximeter Operator's Manual"): the example lines, field list, '-' = unavailable, and
 *   the alarm (0x0001..0x2000) and exception (0x000001..0x800000) bit tables used below.
 * - github.com/remkolems/masimo-datacapture, masimo-capture.py: the same EXC bits 0x001..0x800 quoted from
 *   the Rad-8 manual's trend data format, and ALARM bits 0..5 confirmed by experiment on a Rad-8
 *   (Masimo calls the ALARM layout proprietary). Rad-8 must be set to ASCII mode 1 to send these lines.
 * - github.com/yahnatan/pulseox README: captured Rad-8 lines of this exact shape.
 * Bits marked reserved or not listed are kept in `unknownBits`, never guessed.
 *
 * Data quality: with no sensor, sensor off or a sensor/cable fault, SpO2, pulse rate and PI are null
 * whatever the line says, so a missing measurement can never look like a clinical zero.
 */
import type { DeviceCounters } from './counters.js';
import { DeviceProtocolError } from './errors.js';
import { LineFramer } from './lines.js';
import { latin1Decode } from './text.js';

export const MASIMO_ALARM_BITS = {
  spo2High: 0x0001, spo2Low: 0x0002, pulseRateHigh: 0x0004, pulseRateLow: 0x0008,
  alarmActive: 0x0010, alarmSilenced: 0x0020, lowBattery: 0x0040,
  spcoHigh: 0x0100, spcoLow: 0x0200, spmetHigh: 0x0400, spmetLow: 0x0800,
  desatIndex: 0x1000, piDelta: 0x2000,
} as const;

export const MASIMO_EXCEPTION_BITS = {
  noSensor: 0x000001, defectiveSensor: 0x000002, lowPerfusion: 0x000004, pulseSearch: 0x000008,
  interference: 0x000010, sensorOff: 0x000020, ambientLight: 0x000040, unrecognizedSensor: 0x000080,
  incompatibleSensor: 0x000100, lowSignalIq: 0x000400, masimoSet: 0x000800,
  noCable: 0x001000, cableLifeExpired: 0x002000, incompatibleCable: 0x004000, unrecognizedCable: 0x008000,
  defectiveCable: 0x010000, sensorCalibrating: 0x020000, sensorLifeExpired: 0x040000,
  emitterTempOutOfRange: 0x080000, sensorCurrentLimit: 0x100000, spcoLowConfidence: 0x200000, spmetLowConfidence: 0x400000,
} as const;

export type MasimoAlarmFlag = keyof typeof MASIMO_ALARM_BITS;
export type MasimoExceptionFlag = keyof typeof MASIMO_EXCEPTION_BITS;

export interface BitField<F extends string> {
  raw: number;
  flags: F[];
  unknownBits: number;
}

/** Worst first: the first that applies wins. */
export type MasimoQuality = 'noSensor' | 'sensorOff' | 'sensorFault' | 'pulseSearch' | 'lowSignal' | 'ok';

const FAULT = ['defectiveSensor', 'unrecognizedSensor', 'incompatibleSensor', 'cableLifeExpired', 'incompatibleCable',
  'unrecognizedCable', 'defectiveCable', 'sensorLifeExpired', 'emitterTempOutOfRange', 'sensorCurrentLimit'] as const;
const LOW_SIGNAL = ['lowPerfusion', 'interference', 'ambientLight', 'lowSignalIq'] as const;

export interface MasimoDeviceTime {
  year: number; month: number; day: number; hour: number; minute: number; second: number;
}

export interface MasimoReading {
  deviceTime: MasimoDeviceTime;
  /** Device serial number (an instrument identifier, not patient data); null if not sent. */
  serialNumber: string | null;
  spo2: number | null; // %
  pulseRate: number | null; // beats/min
  perfusionIndex: number | null; // %
  spco: number | null; // %
  spmet: number | null; // %
  desat: number | null; // desaturation index
  piDelta: number | null; // PI delta, signed
  pvi: number | null; // pleth variability index, %
  alarm: BitField<MasimoAlarmFlag>;
  exceptions: BitField<MasimoExceptionFlag>;
  quality: MasimoQuality;
  /** True for no sensor / no cable / sensor off: the patient is not being measured. */
  sensorOff: boolean;
  /** Fields this parser does not interpret (e.g. SPHB, EXC1 on newer firmware), as sent. */
  other: Record<string, string>;
}

export type MasimoParseResult =
  | { ok: true; reading: MasimoReading; /** characters of line noise dropped before the timestamp */ skipped: number }
  | { ok: false; error: DeviceProtocolError };

function decodeBits<F extends string>(raw: number, table: Record<F, number>): BitField<F> {
  const flags: F[] = [];
  let known = 0;
  for (const name of Object.keys(table) as F[]) {
    known |= table[name];
    if (raw & table[name]) flags.push(name);
  }
  return { raw, flags, unknownBits: raw & ~known };
}

export function decodeMasimoAlarm(raw: number): BitField<MasimoAlarmFlag> {
  return decodeBits(raw, MASIMO_ALARM_BITS);
}

export function decodeMasimoExceptions(raw: number): BitField<MasimoExceptionFlag> {
  return decodeBits(raw, MASIMO_EXCEPTION_BITS);
}

export function masimoQuality(exceptions: BitField<MasimoExceptionFlag>): MasimoQuality {
  const has = (f: MasimoExceptionFlag): boolean => exceptions.flags.includes(f);
  if (has('noSensor') || has('noCable')) return 'noSensor';
  if (has('sensorOff')) return 'sensorOff';
  if (FAULT.some(has)) return 'sensorFault';
  if (has('pulseSearch') || has('sensorCalibrating')) return 'pulseSearch';
  if (LOW_SIGNAL.some(has)) return 'lowSignal';
  return 'ok';
}

class LineError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(reason);
  }
}

function numberOrMissing(field: string, value: string): number | null {
  if (!/\d/.test(value) && /^[-+.]*-[-+.]*$/.test(value)) return null;
  if (!/^[+-]?\d+(\.\d+)?$/.test(value)) throw new LineError(field, 'not a number or a missing-value mark');
  return Number(value);
}

function hex(field: string, value: string): number {
  if (!/^[0-9A-Fa-f]{1,8}$/.test(value)) throw new LineError(field, 'not a hexadecimal bit field');
  return parseInt(value, 16);
}

function parseDeviceTime(date: string | undefined, time: string | undefined): MasimoDeviceTime {
  const d = /^(\d\d)\/(\d\d)\/(\d\d)$/.exec(date ?? '');
  const t = /^(\d\d):(\d\d):(\d\d)$/.exec(time ?? '');
  if (!d || !t) throw new LineError('date/time', 'line does not start with MM/DD/YY HH:MM:SS');
  const [month, day, yy] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [hour, minute, second] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw new LineError('date/time', 'date or time out of range');
  }
  return { year: 2000 + yy, month, day, hour, minute, second };
}

function fieldsOf(tokens: string[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const eq = tokens[i].indexOf('=');
    if (eq <= 0) throw new LineError(`token ${i + 3}`, 'expected KEY=VALUE');
    const key = tokens[i].slice(0, eq).toUpperCase();
    let value = tokens[i].slice(eq + 1);
    // A signed field may be space-padded after '=' (MD PnP notes the doubt for PIDELTA).
    if (value === '' && i + 1 < tokens.length && !tokens[i + 1].includes('=')) value = tokens[++i];
    if (fields.has(key)) throw new LineError(key, 'field repeated');
    fields.set(key, value.endsWith('%') ? value.slice(0, -1) : value);
  }
  return fields;
}

const KNOWN = new Set(['SN', 'SPO2', 'BPM', 'PI', 'SPCO', 'SPMET', 'DESAT', 'PIDELTA', 'PVI', 'ALARM', 'EXC']);

const STAMP = /\d\d\/\d\d\/\d\d[ \t]+\d\d:\d\d:\d\d/;

function readLine(line: string): MasimoReading {
  const tokens = line.replace(/[\r\n]+$/, '').trim().split(/[ \t]+/);
  const deviceTime = parseDeviceTime(tokens[0], tokens[1]);
  const fields = fieldsOf(tokens.slice(2));
  const required = (key: string): string => {
    const v = fields.get(key);
    if (v === undefined) throw new LineError(key, 'required field missing');
    return v;
  };
  const optional = (key: string): number | null => {
    const v = fields.get(key);
    return v === undefined ? null : numberOrMissing(key, v);
  };
  const exceptions = decodeMasimoExceptions(hex('EXC', required('EXC')));
  const alarm = decodeMasimoAlarm(hex('ALARM', required('ALARM')));
  const quality = masimoQuality(exceptions);
  // Every measurement comes from the sensor: without one, none of them is passed on.
  const notMeasuring = quality === 'noSensor' || quality === 'sensorOff' || quality === 'sensorFault';
  const measured = (v: number | null): number | null => (notMeasuring ? null : v);
  const spo2 = numberOrMissing('SPO2', required('SPO2'));
  const pulseRate = numberOrMissing('BPM', required('BPM'));
  const sn = fields.get('SN');
  const other: Record<string, string> = {};
  for (const [k, v] of fields) if (!KNOWN.has(k)) other[k] = v;
  return {
    deviceTime,
    serialNumber: sn === undefined || !/[^-]/.test(sn) ? null : sn,
    spo2: measured(spo2),
    pulseRate: measured(pulseRate),
    perfusionIndex: measured(optional('PI')),
    spco: measured(optional('SPCO')),
    spmet: measured(optional('SPMET')),
    desat: measured(optional('DESAT')),
    piDelta: measured(optional('PIDELTA')),
    pvi: measured(optional('PVI')),
    alarm,
    exceptions,
    quality,
    sensorOff: quality === 'noSensor' || quality === 'sensorOff',
    other,
  };
}

/**
 * One line (CR LF optional) -> typed reading or typed E_PARSE error naming the field, not its value.
 * Noise before the timestamp (power-up bytes, a half line after a reconnect) is skipped and counted.
 */
export function parseMasimoLine(line: string, offset?: number): MasimoParseResult {
  try {
    const at = line.search(STAMP);
    const skipped = at > 0 ? at : 0;
    return { ok: true, reading: readLine(line.slice(skipped)), skipped };
  } catch (e) {
    if (!(e instanceof LineError)) throw e;
    return { ok: false, error: new DeviceProtocolError('E_PARSE', e.reason, { protocol: 'masimo', field: e.field, offset }) };
  }
}

export interface MasimoSink {
  onReading(reading: MasimoReading, offset: number): void;
  onError?(error: DeviceProtocolError): void;
}

/** Bytes in any chunking -> readings. Blank lines are skipped; garbled lines are counted and reported. */
export class MasimoDecoder {
  readonly counters: DeviceCounters;
  private readonly lines: LineFramer;

  constructor(sink: MasimoSink, options: { maxLineLength?: number } = {}) {
    this.lines = new LineFramer({
      protocol: 'masimo',
      maxLength: options.maxLineLength ?? 512,
      onError: (e) => sink.onError?.(e),
      onLine: (bytes, offset) => {
        const text = latin1Decode(bytes);
        if (text.trim() === '') return;
        const r = parseMasimoLine(text, offset);
        if (r.ok) {
          this.counters.framesOk++;
          if (r.skipped > 0) {
            this.counters.resyncs++;
            this.counters.bytesDiscarded += r.skipped;
          }
          sink.onReading(r.reading, offset);
        } else {
          this.counters.framesBad++;
          this.counters.bytesDiscarded += bytes.length;
          sink.onError?.(r.error);
        }
      },
    });
    this.counters = this.lines.counters;
  }

  get pendingBytes(): number {
    return this.lines.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): void {
    this.lines.end();
  }
}

export interface MasimoLineInput {
  deviceTime: MasimoDeviceTime;
  serialNumber: string | null;
  spo2: number | null;
  pulseRate: number | null;
  perfusionIndex: number | null;
  spco: number | null;
  spmet: number | null;
  desat: number | null;
  piDelta: number | null;
  pvi: number | null;
  alarm: number; // raw bits
  exceptions: number; // raw bits
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const fixed = (v: number | null, int: number, frac: number): string =>
  v === null ? `${'-'.repeat(int)}${frac ? '.' + '-'.repeat(frac) : ''}` : v.toFixed(frac).padStart(int + (frac ? frac + 1 : 0), '0');

/** Radical-7 line, exactly as the device prints it, ending in CR LF. */
export function encodeMasimoLine(r: MasimoLineInput): string {
  const t = r.deviceTime;
  const signed = r.piDelta === null ? '+--' : (r.piDelta < 0 ? '-' : '+') + pad(Math.abs(r.piDelta), 2);
  return (
    `${pad(t.month, 2)}/${pad(t.day, 2)}/${pad(t.year % 100, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
    ` SN=${r.serialNumber ?? '----------'} SPO2=${fixed(r.spo2, 3, 0)}% BPM=${fixed(r.pulseRate, 3, 0)}` +
    ` PI=${fixed(r.perfusionIndex, 2, 2)}% SPCO=${fixed(r.spco, 2, 1)}% SPMET=${fixed(r.spmet, 2, 1)}%` +
    ` DESAT=${fixed(r.desat, 2, 0)} PIDELTA=${signed} PVI=${fixed(r.pvi, 3, 0)}` +
    ` ALARM=${r.alarm.toString(16).toUpperCase().padStart(4, '0')} EXC=${r.exceptions.toString(16).toUpperCase().padStart(6, '0')}\r\n`
  );
}
