import {
  ackFor,
  buildAck,
  createCounters,
  DeviceProtocolError,
  encodeMllp,
  mapVitals,
  MllpFramer,
  parseHl7Bytes,
  type DeviceCounters,
  type Hl7Message,
} from '@clinic-edge/devices';
import type { TransportLink } from '../transport.js';
import { addCounters, type HandlerContext, type ProtocolHandler } from './handler.js';

/**
 * HL7 v2 ORU^R01 over MLLP. Every framed message is answered on the link it came from: AA when
 * accepted, AE when readable but in error, AR when it cannot be processed (not ORU^R01, unsupported
 * version, no control id, no MSH at all). Vitals are passed on only with AA: after AE or AR the
 * monitor has been told we did not take the message, and it is the monitor's to resend.
 */
export class Hl7Handler implements ProtocolHandler {
  private readonly framers = new Map<string, MllpFramer>();
  private readonly ended: DeviceCounters = createCounters();
  private readonly rejected: DeviceCounters = createCounters();
  private acks = 0;

  constructor(private readonly ctx: HandlerContext) {}

  private framerFor(link: TransportLink): MllpFramer {
    let f = this.framers.get(link.id);
    if (!f) {
      f = new MllpFramer((message) => this.onMessage(message, link), { onError: (e) => this.ctx.garbled(e) });
      this.framers.set(link.id, f);
    }
    return f;
  }

  private onMessage(bytes: Uint8Array, link: TransportLink): void {
    this.ctx.alive();
    const now = new Date(this.ctx.clock.now());
    const controlId = `${this.ctx.config.id}-${++this.acks}`;
    let message: Hl7Message | null = null;
    let reply: { code: 'AA' | 'AE' | 'AR'; ack: string };
    try {
      message = parseHl7Bytes(bytes);
      reply = ackFor(message, { controlId, now });
    } catch (e) {
      if (!(e instanceof DeviceProtocolError)) throw e;
      const errors = [{ segment: 'MSH', sequence: 1, field: 0, code: 100, text: 'message has no readable MSH segment' }];
      reply = { code: 'AR', ack: buildAck(null, { code: 'AR', errors }, { controlId, now }) };
      this.ctx.garbled(e);
    }
    if (reply.code !== 'AA') {
      this.rejected.framesBad++;
      if (message) this.ctx.garbled(new DeviceProtocolError('E_PARSE', `answered ${reply.code}: ${message.issues.length} issue(s)`, { protocol: 'hl7' }));
    } else if (message) {
      const { vitals, unmapped } = mapVitals(message);
      this.ctx.vitals({
        deviceId: this.ctx.config.id,
        protocol: 'hl7',
        deviceTime: vitals[0]?.observedAt ?? message.header.dateTime,
        receivedAt: now.getTime(),
        vitals,
        quality: 'ok',
        sensorOff: false,
        alarms: [],
        unmapped: unmapped.length,
      });
    }
    const code = reply.code;
    link.write(encodeMllp(reply.ack)).then(
      () => this.ctx.ack(code, true),
      () => this.ctx.ack(code, false),
    );
  }

  counters(): DeviceCounters {
    const c = addCounters(addCounters(createCounters(), this.ended), this.rejected);
    for (const f of this.framers.values()) addCounters(c, f.counters);
    c.framesOk -= this.rejected.framesBad; // framed fine, but not data we accepted
    return c;
  }

  push(chunk: Uint8Array, link: TransportLink): void {
    this.framerFor(link).push(chunk);
  }

  endLink(link: TransportLink): void {
    const f = this.framers.get(link.id);
    if (!f) return;
    f.end();
    addCounters(this.ended, f.counters);
    this.framers.delete(link.id);
  }

  restart(): void {
    for (const id of [...this.framers.keys()]) this.endLink({ id, write: async () => {} });
  }
}
