/**
 * AD8232 single-lead ECG front end read by a microcontroller that prints one ADC reading per line.
 *
 * Source of the format: SparkFun's demo sketch
 * github.com/sparkfun/AD8232_Heart_Rate_Monitor, Software/Heart_Rate_Display_Arduino/Heart_Rate_Display_Arduino.ino:
 *   if (digitalRead(10) == 1 || digitalRead(11) == 1) Serial.println('!');   // LO+ or LO- high
 *   else Serial.println(analogRead(A0));
 * Arduino `println` ends lines with CR LF; clones and other boards often send bare LF, so both are
 * accepted. `analogRead` is 0..1023 on 10-bit AVRs, 0..4095 on 12-bit ESP32/SAMD: the range and the
 * sampling frequency are not on the wire and come from the caller's configuration.
 *
 * What we implement:
 * - a line is `[-]digits`, or `!` (lead off), optionally surrounded by spaces/tabs;
 * - every non-empty line is one sampling instant: samples, lead-off markers and garbled lines all
 *   advance `index`, so `index / sampleRate` stays the time of the sample even across bad lines;
 * - empty lines (stray CR LF) are skipped and take no sample slot;
 * - a line longer than `maxLineLength` is E_TOO_LONG and dropped up to the next LF.
 */
import type { DeviceCounters } from './counters.js';
import { LineFramer } from './lines.js';
import { DeviceProtocolError } from './errors.js';

export interface Ad8232Config {
  sampleRate: number; // Hz, as configured in the sketch (not on the wire)
  adcMin?: number; // inclusive, default 0
  adcMax: number; // inclusive, e.g. 1023 for a 10-bit ADC
  maxLineLength?: number; // bytes before the line ending, default 16
}

export type Ad8232Line =
  | { kind: 'sample'; value: number }
  | { kind: 'leadOff' }
  | { kind: 'empty' }
  | { kind: 'error'; error: DeviceProtocolError };

export interface Ad8232Sink {
  onSample(value: number, index: number): void;
  onLeadOff(index: number): void;
  onError?(error: DeviceProtocolError, index: number): void;
}

const LF = 0x0a;
const CR = 0x0d;

function checkConfig(config: Ad8232Config): void {
  if (!(config.sampleRate > 0) || !Number.isFinite(config.sampleRate)) {
    throw new TypeError('Ad8232Config.sampleRate must be a positive number of Hz');
  }
  const min = config.adcMin ?? 0;
  if (!Number.isInteger(min) || !Number.isInteger(config.adcMax) || config.adcMax <= min) {
    throw new TypeError('Ad8232Config.adcMax must be an integer greater than adcMin');
  }
  const max = config.maxLineLength ?? 16;
  if (!Number.isInteger(max) || max < 1) throw new TypeError('Ad8232Config.maxLineLength must be a positive integer');
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === CR;
}

/** Parses one line (without its LF) from bytes; allocates only for errors. */
function parseBytes(buf: Uint8Array, start: number, end: number, config: Ad8232Config, offset: number): Ad8232Line {
  while (start < end && isBlank(buf[start])) start++;
  while (end > start && isBlank(buf[end - 1])) end--;
  if (start === end) return { kind: 'empty' };
  if (end - start === 1 && buf[start] === 0x21) return { kind: 'leadOff' };
  let i = start;
  const negative = buf[i] === 0x2d;
  if (negative) i++;
  if (i === end) return parseError('not a number', offset);
  let value = 0;
  for (; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return parseError('not a number', offset);
    value = value * 10 + d;
  }
  if (negative) value = -value;
  if (value < (config.adcMin ?? 0) || value > config.adcMax) {
    return { kind: 'error', error: new DeviceProtocolError('E_PARSE', 'ADC value outside the configured range', { protocol: 'ad8232', offset }) };
  }
  return { kind: 'sample', value };
}

function parseError(reason: string, offset: number): Ad8232Line {
  return { kind: 'error', error: new DeviceProtocolError('E_PARSE', reason, { protocol: 'ad8232', offset }) };
}

/** One text line (line ending optional) -> sample, lead-off, empty, or typed error. */
export function parseAd8232Line(line: string, config: Ad8232Config): Ad8232Line {
  checkConfig(config);
  const bytes = new Uint8Array(line.length);
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    bytes[i] = c > 0xff ? 0x3f : c; // '?' can never parse as a number
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === LF) end--;
  return parseBytes(bytes, 0, end, config, 0);
}

/** Streaming decoder: bytes in any chunking, same events out. Every line, garbled or too long, takes one sample slot. */
export class Ad8232Decoder {
  readonly counters: DeviceCounters;
  private readonly lines: LineFramer;
  private index = 0;

  constructor(
    private readonly config: Ad8232Config,
    private readonly sink: Ad8232Sink,
  ) {
    checkConfig(config);
    this.lines = new LineFramer({
      protocol: 'ad8232',
      maxLength: config.maxLineLength ?? 16,
      onError: (error) => this.sink.onError?.(error, this.index++),
      onLine: (line, offset, rawBytes) => this.onLine(line, offset, rawBytes),
    });
    this.counters = this.lines.counters;
  }

  /** Sample slots used so far; the next sample's time is `index / sampleRate` s. */
  get sampleIndex(): number {
    return this.index;
  }

  /** Bytes of an unfinished line held back until its LF arrives. */
  get pendingBytes(): number {
    return this.lines.pendingBytes;
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  /** End of stream: an unterminated last line is counted as truncated, never emitted. */
  end(): void {
    this.lines.end();
  }

  private onLine(line: Uint8Array, start: number, rawBytes: number): void {
    const parsed = parseBytes(line, 0, line.length, this.config, start);
    switch (parsed.kind) {
      case 'empty':
        this.counters.bytesDiscarded += rawBytes;
        return;
      case 'sample':
        this.counters.framesOk++;
        this.sink.onSample(parsed.value, this.index++);
        return;
      case 'leadOff':
        this.counters.framesOk++;
        this.sink.onLeadOff(this.index++);
        return;
      case 'error':
        this.counters.framesBad++;
        this.counters.bytesDiscarded += rawBytes;
        this.sink.onError?.(parsed.error, this.index++);
    }
  }
}

/** Encoder for simulators: exactly what the SparkFun sketch prints. */
export function encodeAd8232(values: ReadonlyArray<number | 'leadOff'>, lineEnding: '\r\n' | '\n' = '\r\n'): Uint8Array {
  let text = '';
  for (const v of values) {
    if (v !== 'leadOff' && !Number.isInteger(v)) throw new TypeError('encodeAd8232: samples must be integers');
    text += (v === 'leadOff' ? '!' : String(v)) + lineEnding;
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
