import { EventEmitter } from 'node:events';
import type { Transport, TransportEvents, TransportLink } from '@clinic-edge/gateway';

/** A transport that plays captured bytes into a DeviceSource, so the gateway's own decoders judge them. */
export class ReplayTransport extends EventEmitter<TransportEvents> implements Transport, TransportLink {
  readonly kind = 'serial' as const;
  readonly id = 'replay';
  readonly description = 'captured bytes';
  private open_ = false;

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.open_ = true;
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  async write(): Promise<void> {
    // ACKs to an HL7 monitor go nowhere: the probe only listens.
  }

  play(bytes: Uint8Array, chunk = 256): void {
    for (let at = 0; at < bytes.length; at += chunk) this.emit('data', bytes.subarray(at, at + chunk), this);
  }
}
