import { SerialError } from './errors.js';
import type { BackoffOptions } from '../backoff.js';

export type DeviceProtocolName = 'openview' | 'ad8232' | 'masimo' | 'hl7';

/** One configured device. Defaults are per protocol (DEVICE_DEFAULTS) and documented there. */
export interface DeviceConfig {
  id: string; // stable device id used in topics and logs, e.g. "ecg-1"
  protocol: DeviceProtocolName;
  /** /dev/ttyUSB0, tcp://HOST:PORT or mllp://HOST:PORT (see port-spec.ts). */
  port: string;
  baudRate?: number; // bit/s, serial ports only
  /** ECG only: samples per second (not on the wire for either ECG protocol). */
  sampleRate?: number; // Hz
  /** ECG only: ADC counts per mV, and the count at 0 mV. */
  gain?: number;
  baseline?: number;
  /** AD8232 only: the largest ADC value (1023 for 10-bit, 4095 for 12-bit). */
  adcMax?: number;
  /** Silence (no valid data) longer than this makes the device offline, ms. */
  silenceMs?: number;
  backoff?: BackoffOptions;
  /** Least time between two garbled-input log lines for this device, ms. */
  garbleLogIntervalMs?: number;
}

export interface ResolvedDeviceConfig extends Required<Omit<DeviceConfig, 'backoff'>> {
  backoff: BackoffOptions;
}

/**
 * Per-protocol defaults, each with its reason:
 * - baud: Masimo ASCII 9600 and ProtoCentral OpenView 57600 (their manuals/sketches); AD8232 boards
 *   print at 115200 in most sketches; HL7 over a serial line commonly 9600.
 * - sampleRate: 125 Hz is the OpenView sketch's packet rate; 250 Hz a common AD8232 sketch rate.
 * - gain/baseline: OpenView int16 counts at the sketch's shift, ~200 counts/mV around 0 (an estimate,
 *   set it for your board); AD8232 on a 10-bit 3.3 V ADC after the module's gain of 100: ~31 counts/mV
 *   around mid-scale 512. firmware-sim uses these same defaults.
 * - silence: an ECG streams continuously, so 3 s of nothing is a fault; Masimo prints every second
 *   (10 s); a monitor sends ORU^R01 every 10-60 s (120 s).
 */
export const DEVICE_DEFAULTS: Record<DeviceProtocolName, Omit<ResolvedDeviceConfig, 'id' | 'protocol' | 'port' | 'backoff'>> = {
  openview: { baudRate: 57600, sampleRate: 125, gain: 200, baseline: 0, adcMax: 32767, silenceMs: 3000, garbleLogIntervalMs: 10_000 },
  ad8232: { baudRate: 115200, sampleRate: 250, gain: 31, baseline: 512, adcMax: 1023, silenceMs: 3000, garbleLogIntervalMs: 10_000 },
  masimo: { baudRate: 9600, sampleRate: 0, gain: 0, baseline: 0, adcMax: 0, silenceMs: 10_000, garbleLogIntervalMs: 10_000 },
  hl7: { baudRate: 9600, sampleRate: 0, gain: 0, baseline: 0, adcMax: 0, silenceMs: 120_000, garbleLogIntervalMs: 10_000 },
};

const positive = (id: string, key: string, v: number): void => {
  if (!(Number.isFinite(v) && v > 0)) throw new SerialError('E_DEVICE_CONFIG', `device ${id}: ${key} must be a positive number, got ${v}`, { device: id, key });
};

export function resolveDeviceConfig(config: DeviceConfig): ResolvedDeviceConfig {
  const d = DEVICE_DEFAULTS[config.protocol];
  if (!d) throw new SerialError('E_DEVICE_CONFIG', `device ${config.id}: unknown protocol "${config.protocol}"; use openview, ad8232, masimo or hl7`, { device: config.id, key: 'protocol' });
  const r: ResolvedDeviceConfig = {
    id: config.id,
    protocol: config.protocol,
    port: config.port,
    baudRate: config.baudRate ?? d.baudRate,
    sampleRate: config.sampleRate ?? d.sampleRate,
    gain: config.gain ?? d.gain,
    baseline: config.baseline ?? d.baseline,
    adcMax: config.adcMax ?? d.adcMax,
    silenceMs: config.silenceMs ?? d.silenceMs,
    garbleLogIntervalMs: config.garbleLogIntervalMs ?? d.garbleLogIntervalMs,
    backoff: config.backoff ?? {},
  };
  if (!r.id) throw new SerialError('E_DEVICE_CONFIG', 'a device needs an id', { key: 'id' });
  positive(r.id, 'baudRate', r.baudRate);
  positive(r.id, 'silenceMs', r.silenceMs);
  if (r.protocol === 'openview' || r.protocol === 'ad8232') {
    positive(r.id, 'sampleRate', r.sampleRate);
    positive(r.id, 'gain', r.gain);
  }
  if (r.port.startsWith('mllp://') && r.protocol !== 'hl7') {
    throw new SerialError('E_DEVICE_CONFIG', `device ${r.id}: mllp:// listens for HL7 monitors; protocol ${r.protocol} needs a serial path or tcp://`, { device: r.id, key: 'port' });
  }
  return r;
}
