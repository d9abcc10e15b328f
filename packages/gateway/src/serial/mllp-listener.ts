import { EventEmitter } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { osCode, SerialError } from './errors.js';
import type { Transport, TransportEvents, TransportLink } from './transport.js';

export interface MllpListenerOptions {
  host: string; // interface to listen on, e.g. 0.0.0.0
  port: number; // 0 picks a free port (tests); read it back from `port`
}

class ConnectionLink implements TransportLink {
  constructor(
    readonly id: string,
    private readonly socket: Socket,
  ) {}

  async write(bytes: Uint8Array): Promise<void> {
    if (this.socket.destroyed) throw new SerialError('E_NOT_OPEN', `connection ${this.id} is closed`, { link: this.id });
    await new Promise<void>((resolve, reject) => this.socket.write(bytes, (err) => (err ? reject(err) : resolve())));
  }
}

/**
 * A TCP server the monitor connects to, as MLLP usually runs (the monitor is the client and sends;
 * we answer each message with an ACK on the same connection). Each accepted connection is a link of
 * its own, so two monitors, or a monitor reconnecting, never mix their half-received messages.
 */
export class MllpListenerTransport extends EventEmitter<TransportEvents> implements Transport {
  readonly kind = 'mllp-listener' as const;
  readonly description: string;
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private next = 0;

  constructor(private readonly options: MllpListenerOptions) {
    super();
    this.description = `mllp://${options.host}:${options.port}`;
  }

  get isOpen(): boolean {
    return this.server !== null;
  }

  /** The port actually bound (differs from the option when that was 0); null when closed. */
  get port(): number | null {
    return (this.server?.address() as AddressInfo | null)?.port ?? null;
  }

  /** Connections now open. */
  get connections(): number {
    return this.sockets.size;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(new SerialError('E_PORT_OPEN', `cannot listen on ${this.description}: ${err.message}`, { url: this.description, os: osCode(err) }, { cause: err })),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    server.removeAllListeners('error');
    server.on('error', (err) => {
      if (this.server !== server) return;
      void this.close().then(() =>
        this.emit('lost', new SerialError('E_PORT_LOST', `listener ${this.description} failed: ${err.message}`, { url: this.description, os: osCode(err) }, { cause: err })),
      );
    });
    this.server = server;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    const link = new ConnectionLink(`conn-${++this.next}`, socket);
    socket.on('data', (chunk: Buffer) => this.emit('data', chunk, link));
    socket.on('error', () => {}); // a reset by the monitor ends up in 'close' below
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.emit('linkEnd', link);
    });
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async write(): Promise<void> {
    throw new SerialError('E_NOT_OPEN', `${this.description} is a listener: answers go back through the connection that sent the message`, { url: this.description });
  }
}
