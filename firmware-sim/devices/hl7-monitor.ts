import { encodeMllp, encodeOruR01, formatHl7Time, MllpFramer, utf8Decode, type OruObservationInput } from '@clinic-edge/devices';
import { noiseBytes } from '../random.js';
import type { SimDevice } from './sim-device.js';

export interface Hl7MonitorOptions {
  intervalMs?: number; // between observation messages, default 5000
  ackTimeoutMs?: number; // resend the same message when no ACK came by then, default 10,000
  /** The monitor's clock at start. Default: now. */
  deviceStart?: Date;
}

export type BadMessage = 'malformed-obx' | 'wrong-type';

export interface Hl7MonitorStats {
  sent: number; // messages written, resends included
  resent: number;
  acks: { AA: number; AE: number; AR: number };
  /** MSA-2 of every ACK, in order. */
  ackedIds: string[];
}

const MDC = 'MDC';
const obs = (code: string, name: string, value: number, unit: string, unitName: string): OruObservationInput => ({
  identifier: { code, text: name, system: MDC },
  value,
  units: { code: unit, text: unitName, system: MDC },
});

/**
 * A multi-parameter bedside monitor exporting HL7 v2.6 ORU^R01 (IHE PCD-01 shape) over MLLP: one message
 * every interval, the next only after the ACK of the last (original-mode acknowledgement), the same
 * message again if no ACK comes in time. `sendBad()` makes the next message one the gateway must not
 * accept: an OBX whose NM value is not a number (AE), or a message type it does not take (AR).
 */
export class Hl7Monitor implements SimDevice {
  readonly protocol = 'hl7' as const;
  readonly waitsForPeer = true;
  readonly description: string;
  readonly stats: Hl7MonitorStats = { sent: 0, resent: 0, acks: { AA: 0, AE: 0, AR: 0 }, ackedIds: [] };
  private readonly framer = new MllpFramer((m) => this.onAck(utf8Decode(m)));
  private readonly start: number;
  private seq = 0;
  private nextAt = 0; // ms
  private pending: { id: string; bytes: Uint8Array; at: number } | null = null;
  private bad: BadMessage | null = null;
  private clockOffset = 0; // ms, a clock-jump fault

  constructor(private readonly options: Hl7MonitorOptions = {}) {
    this.start = (options.deviceStart ?? new Date()).getTime();
    this.description = `HL7 v2.6 ORU^R01 over MLLP every ${(options.intervalMs ?? 5000) / 1000} s (HR, SpO2, NIBP, temperature, respiration), waits for each ACK`;
  }

  setClockOffset(ms: number): void {
    this.clockOffset = ms;
  }

  sendBad(kind: BadMessage): void {
    this.bad = kind;
  }

  produce(elapsedMs: number): Uint8Array {
    if (this.pending) {
      if (elapsedMs - this.pending.at < (this.options.ackTimeoutMs ?? 10_000)) return new Uint8Array(0);
      this.pending.at = elapsedMs;
      this.stats.sent++;
      this.stats.resent++;
      return this.pending.bytes;
    }
    if (elapsedMs < this.nextAt) return new Uint8Array(0);
    this.nextAt = elapsedMs + (this.options.intervalMs ?? 5000);
    const id = `MSG${++this.seq}`;
    const bytes = encodeMllp(this.message(id, elapsedMs));
    this.pending = { id, bytes, at: elapsedMs };
    this.stats.sent++;
    return bytes;
  }

  private message(controlId: string, elapsedMs: number): string {
    const dateTime = formatHl7Time(new Date(this.start + this.clockOffset + elapsedMs));
    const k = this.seq % 5;
    let text = encodeOruR01({
      sendingApplication: 'SIM-MONITOR',
      sendingFacility: 'CLINIC',
      dateTime,
      controlId,
      patient: { identifiers: [{ id: 'SIM0001', assigningAuthority: 'SIM', type: 'MR' }], family: 'DOE', given: 'JANE' },
      order: { service: { code: '182777000', text: 'monitoring of patient', system: 'SCT' }, observedAt: dateTime },
      observations: [
        obs('147842', 'MDC_ECG_HEART_RATE', 70 + k, '264864', 'MDC_DIM_BEAT_PER_MIN'),
        obs('150456', 'MDC_PULS_OXIM_SAT_O2', 97, '262688', 'MDC_DIM_PERCENT'),
        obs('150301', 'MDC_PRESS_CUFF_SYS', 120 + k, '266016', 'MDC_DIM_MMHG'),
        obs('150302', 'MDC_PRESS_CUFF_DIA', 80, '266016', 'MDC_DIM_MMHG'),
        obs('150303', 'MDC_PRESS_CUFF_MEAN', 93, '266016', 'MDC_DIM_MMHG'),
        obs('150344', 'MDC_TEMP', 36.8, '268192', 'MDC_DIM_DEGC'),
        obs('151562', 'MDC_RESP_RATE', 15, '264928', 'MDC_DIM_RESP_PER_MIN'),
      ],
    });
    if (this.bad === 'malformed-obx') text = text.replace(/^(OBX\|1\|NM\|[^|]*\|[^|]*\|)[^|]*/m, '$1not-a-number');
    if (this.bad === 'wrong-type') text = text.replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01');
    this.bad = null;
    return text;
  }

  receive(bytes: Uint8Array): void {
    this.framer.push(bytes);
  }

  private onAck(text: string): void {
    const msa = text.split(/\r\n|\r|\n/).find((s) => s.startsWith('MSA'));
    if (!msa) return;
    const [, code, id] = msa.split(msa[3]);
    if (code !== 'AA' && code !== 'AE' && code !== 'AR') return;
    this.stats.acks[code]++;
    this.stats.ackedIds.push(id ?? '');
    // AE and AR are answers too: the monitor logs them and goes on (resending would be refused again).
    if (this.pending?.id === id) this.pending = null;
  }

  garbage(n: number, random: () => number): Uint8Array {
    return noiseBytes(n, random, [0x0b]); // a VT would open a block and swallow the next message's start
  }
}
