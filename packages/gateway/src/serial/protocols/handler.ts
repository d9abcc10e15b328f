import type { DeviceCounters, DeviceProtocolError } from '@clinic-edge/devices';
import type { ResolvedDeviceConfig } from '../device-config.js';
import type { EcgBlock, Hl7AckCode, VitalsReading } from '../events.js';
import type { DeviceClock } from '../runtime.js';
import type { TransportLink } from '../transport.js';

/** What a protocol handler reports to its DeviceSource. */
export interface HandlerContext {
  readonly config: ResolvedDeviceConfig;
  readonly clock: DeviceClock;
  /** Valid data arrived: feeds the watchdog. */
  alive(): void;
  /** Input that could not be used; counted and logged (without content) by the source. */
  garbled(error: DeviceProtocolError): void;
  ecg(block: EcgBlock): void;
  vitals(reading: VitalsReading): void;
  ack(code: Hl7AckCode, sent: boolean): void;
}

/** A device protocol over a transport: bytes in (per link), typed events out through the context. */
export interface ProtocolHandler {
  /** Totals over every link and reconnect, as a fresh object. */
  counters(): DeviceCounters;
  push(chunk: Uint8Array, link: TransportLink): void;
  /** A link ended: its unfinished frame is dropped (and counted as truncated). */
  endLink(link: TransportLink): void;
  /** The port was reopened: what was half received before is gone, and samples were lost. */
  restart(): void;
}

export function addCounters(into: DeviceCounters, from: DeviceCounters): DeviceCounters {
  into.framesOk += from.framesOk;
  into.framesBad += from.framesBad;
  into.bytesDiscarded += from.bytesDiscarded;
  into.resyncs += from.resyncs;
  into.truncated += from.truncated;
  into.tooLong += from.tooLong;
  return into;
}
