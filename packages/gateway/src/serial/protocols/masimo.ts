import { createCounters, MasimoDecoder, type DeviceCounters, type MasimoDeviceTime, type MasimoReading, type Vital } from '@clinic-edge/devices';
import { addCounters, type HandlerContext, type ProtocolHandler } from './handler.js';

const p2 = (n: number): string => String(n).padStart(2, '0');
const isoLocal = (t: MasimoDeviceTime): string => `${t.year}-${p2(t.month)}-${p2(t.day)}T${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`;

/** Codes as hl7-vitals.ts maps them, so the pipeline sees the same Vital whichever device sent it. */
function vital(kind: 'spo2' | 'pulseRate', value: number, observedAt: string): Vital {
  return kind === 'spo2'
    ? { kind, value, unit: '%', observedAt, status: 'F', setId: '', code: { system: 'MDC', code: '150456', name: 'MDC_PULS_OXIM_SAT_O2' } }
    : { kind, value, unit: '/min', observedAt, status: 'F', setId: '', code: { system: 'MDC', code: '149530', name: 'MDC_PULS_OXIM_PULS_RATE' } };
}

/**
 * Masimo Radical-7 / Rad-8 ASCII lines. The decoder already nulls every measurement while the sensor
 * is off or faulty; here absent values are left out of `vitals` and the sensor state goes to `quality`.
 */
export class MasimoHandler implements ProtocolHandler {
  private readonly decoder: MasimoDecoder;

  constructor(private readonly ctx: HandlerContext) {
    this.decoder = new MasimoDecoder({ onReading: (r) => this.onReading(r), onError: (e) => ctx.garbled(e) });
  }

  private onReading(r: MasimoReading): void {
    this.ctx.alive();
    const deviceTime = isoLocal(r.deviceTime);
    const vitals: Vital[] = [];
    if (r.spo2 !== null) vitals.push(vital('spo2', r.spo2, deviceTime));
    if (r.pulseRate !== null) vitals.push(vital('pulseRate', r.pulseRate, deviceTime));
    this.ctx.vitals({
      deviceId: this.ctx.config.id,
      protocol: 'masimo',
      deviceTime,
      receivedAt: this.ctx.clock.now(),
      vitals,
      quality: r.quality,
      sensorOff: r.sensorOff,
      alarms: r.alarm.flags,
      unmapped: 0,
    });
  }

  counters(): DeviceCounters {
    return addCounters(createCounters(), this.decoder.counters);
  }

  push(chunk: Uint8Array): void {
    this.decoder.push(chunk);
  }

  endLink(): void {
    this.decoder.end();
  }

  restart(): void {
    this.decoder.end();
  }
}
