import { EventEmitter } from 'node:events';
import { SerialError } from '../errors.js';
import type { Transport, TransportEvents, TransportLink } from '../transport.js';

/**
 * A transport whose presence the test controls (plugged or not), for supervision logic under fake
 * time. Real ports are exercised in tests/serial*.test.ts.
 */
export class MemoryTransport extends EventEmitter<TransportEvents> implements Transport, TransportLink {
  readonly kind = 'serial' as const;
  readonly id = 'memory';
  readonly description = 'memory://test';
  plugged = true;
  opened = 0;
  openAttempts = 0;
  written: Uint8Array[] = [];
  private open_ = false;

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.openAttempts++;
    if (!this.plugged) throw new SerialError('E_PORT_OPEN', 'cannot open memory://test: no such device', { os: 'ENOENT' });
    this.open_ = true;
    this.opened++;
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.open_) throw new SerialError('E_NOT_OPEN', 'not open');
    this.written.push(bytes);
  }

  /** Device sends bytes. */
  feed(bytes: Uint8Array): void {
    if (this.open_) this.emit('data', bytes, this);
  }

  unplug(): void {
    this.plugged = false;
    if (!this.open_) return;
    this.open_ = false;
    this.emit('lost', new SerialError('E_PORT_LOST', 'memory://test went away'));
  }
}
