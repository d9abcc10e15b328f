import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import { osCode, SerialError } from './errors.js';
import type { Transport, TransportEvents, TransportLink } from './transport.js';

export interface SerialPortTransportOptions {
  path: string; // e.g. /dev/ttyUSB0
  baudRate: number; // bit/s; always 8 data bits, no parity, 1 stop bit, no flow control
}

/**
 * A real serial port (USB adapter, on-board UART or pseudo-terminal) through node-serialport.
 * Unplugging a USB adapter, or the far end of a pty going away, closes the port with a disconnect
 * error; any other read error is treated the same way, since a port that fails reads is as good as gone.
 */
export class SerialPortTransport extends EventEmitter<TransportEvents> implements Transport, TransportLink {
  readonly kind = 'serial' as const;
  readonly id = 'serial';
  readonly description: string;
  private port: SerialPort | null = null;

  constructor(private readonly options: SerialPortTransportOptions) {
    super();
    if (!options.path) throw new SerialError('E_DEVICE_CONFIG', 'serial port path is empty: give the device path, e.g. /dev/ttyUSB0');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) {
      throw new SerialError('E_DEVICE_CONFIG', `baud rate ${options.baudRate} is not a positive integer`, { path: options.path });
    }
    this.description = `${options.path} @ ${options.baudRate} 8N1`;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.port) return;
    const port = new SerialPort({ path: this.options.path, baudRate: this.options.baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
    await new Promise<void>((resolve, reject) => {
      port.open((err) => {
        if (!err) return resolve();
        reject(new SerialError('E_PORT_OPEN', `cannot open ${this.options.path}: ${err.message}`, { path: this.options.path, os: osCode(err) }, { cause: err }));
      });
    });
    this.port = port;
    port.on('data', (chunk: Buffer) => {
      if (this.port === port) this.emit('data', chunk, this);
    });
    port.on('error', (err: Error) => this.drop(port, err));
    port.on('close', (err: Error | null) => this.drop(port, err ?? new Error('port closed')));
  }

  /** The port went away under us: forget it (closing if still half-open) and tell the owner once. */
  private drop(port: SerialPort, err: Error): void {
    if (this.port !== port) return;
    this.port = null;
    if (port.isOpen) port.close(() => {});
    this.emit('lost', new SerialError('E_PORT_LOST', `${this.options.path} went away: ${err.message}`, { path: this.options.path, os: osCode(err) }, { cause: err }));
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) throw new SerialError('E_NOT_OPEN', `${this.options.path} is not open`, { path: this.options.path });
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => (err ? reject(err) : resolve()));
    });
    await new Promise<void>((resolve) => port.drain(() => resolve()));
  }
}
