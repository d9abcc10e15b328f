import type { DeviceCounters, DeviceErrorCode, MasimoQuality, Vital } from '@clinic-edge/devices';

/** Per-sample data quality in an EcgBlock. */
export const SAMPLE_OK = 0;
/** The device says an electrode is off: the value is not an ECG. */
export const SAMPLE_LEAD_OFF = 1;
/** A garbled line took this sample slot (AD8232): its value is unknown. */
export const SAMPLE_MISSING = 2;

/**
 * ECG samples as the device delivered them, one block per read from the port. Where `quality` is not
 * SAMPLE_OK the value in `mV` is NaN, so a lead-off flat line can never be read as asystole; the
 * pipeline decides how to bridge the gap (the detector must not be fed NaN).
 */
export interface EcgBlock {
  deviceId: string;
  sampleRate: number; // Hz, from the configuration (neither protocol sends it)
  /** Index of the first sample on the device's sample clock, counted from the source's start. */
  firstSample: number;
  /** Samples in the block (every array below has this length). */
  length: number;
  /** One array per lead, mV: (adc - baseline) / gain. */
  mV: Float64Array[];
  /** One array per lead, raw ADC counts as sent. */
  adc: Int32Array[];
  gain: number; // ADC counts per mV
  baseline: number; // ADC counts at 0 mV
  quality: Uint8Array; // SAMPLE_OK | SAMPLE_LEAD_OFF | SAMPLE_MISSING per sample
  /** True when any sample in the block is lead-off. */
  leadOff: boolean;
  /** Respiration channel in ADC counts (ADS1292R), null where the device has none. */
  resp: Int32Array | null;
  /** True on the first block after the port was (re)opened: samples were lost before it. */
  discontinuity: boolean;
  receivedAt: number; // gateway time, ms since the epoch, when the bytes were read
}

export type VitalsQuality = MasimoQuality;

/** Vital signs from a pulse oximeter or monitor. Only measured values are in `vitals`. */
export interface VitalsReading {
  deviceId: string;
  protocol: 'masimo' | 'hl7';
  /**
   * The device's own clock, as it said it: Masimo `YYYY-MM-DDTHH:MM:SS` (no zone, not trusted as wall
   * time), HL7 the DTM of OBX-14 / OBR-7 / MSH-7. Null when absent.
   */
  deviceTime: string | null;
  receivedAt: number; // gateway time, ms since the epoch
  vitals: Vital[];
  /** Sensor state: with sensorOff the absence of values means "not measuring", never zero. */
  quality: VitalsQuality;
  sensorOff: boolean;
  /** Device alarm flags as named by the protocol (Masimo ALARM bits), empty when none. */
  alarms: string[];
  /** Observations the device sent that are not mapped to a vital (unknown code, sentinel...). */
  unmapped: number;
}

export type DeviceState = 'online' | 'offline' | 'reconnecting';

export interface DeviceStatus {
  deviceId: string;
  state: DeviceState;
  /** Plain words for the technician and the hub; never patient data. */
  reason: string;
  at: number; // gateway time, ms since the epoch
  /** For 'reconnecting': attempt number (1-based) and the wait before it, ms. */
  attempt?: number;
  delayMs?: number;
}

export interface GarbledInput {
  deviceId: string;
  code: DeviceErrorCode;
  /** Totals for the device so far (all connections). */
  counters: DeviceCounters;
}

export type Hl7AckCode = 'AA' | 'AE' | 'AR';

export interface DeviceSourceEvents {
  ecg: [block: EcgBlock];
  vitals: [reading: VitalsReading];
  status: [status: DeviceStatus];
  garbled: [info: GarbledInput];
  /** HL7 only: an ACK was sent back (or failed to be, `sent: false`). */
  ack: [info: { deviceId: string; code: Hl7AckCode; sent: boolean }];
}
