import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { osCode, SerialError } from './errors.js';
import type { Transport, TransportEvents, TransportLink } from './transport.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  /** Give up connecting after this long, ms. Default 5000. */
  connectTimeoutMs?: number;
  /** TCP keep-alive probe delay, ms, so a dead device server is noticed on a quiet line. Default 10,000. */
  keepAliveMs?: number;
}

/**
 * A serial device server (Moxa NPort, Lantronix and the like in "TCP server" mode): the gateway
 * connects as a client and the bytes are the serial line's. The device server owns baud and framing.
 */
export class TcpTransport extends EventEmitter<TransportEvents> implements Transport, TransportLink {
  readonly kind = 'tcp' as const;
  readonly id = 'tcp';
  readonly description: string;
  private socket: Socket | null = null;

  constructor(private readonly options: TcpTransportOptions) {
    super();
    this.description = `tcp://${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    return this.socket !== null;
  }

  async open(): Promise<void> {
    if (this.socket) return;
    const { host, port } = this.options;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port });
      const timer = setTimeout(() => s.destroy(new Error(`no answer within ${this.options.connectTimeoutMs ?? 5000} ms`)), this.options.connectTimeoutMs ?? 5000);
      s.once('connect', () => {
        clearTimeout(timer);
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        s.destroy();
        reject(new SerialError('E_PORT_OPEN', `cannot connect to ${this.description}: ${err.message}`, { url: this.description, os: osCode(err) }, { cause: err }));
      });
    });
    socket.removeAllListeners('error');
    socket.setNoDelay(true);
    socket.setKeepAlive(true, this.options.keepAliveMs ?? 10_000);
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      if (this.socket === socket) this.emit('data', chunk, this);
    });
    let cause: Error | null = null;
    socket.on('error', (err) => (cause = err));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      const why = cause ? cause.message : 'the device server closed the connection';
      this.emit('lost', new SerialError('E_PORT_LOST', `${this.description} went away: ${why}`, { url: this.description, os: osCode(cause) }, { cause }));
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  async write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new SerialError('E_NOT_OPEN', `${this.description} is not connected`, { url: this.description });
    await new Promise<void>((resolve, reject) => socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }
}
