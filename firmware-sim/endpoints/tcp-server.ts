import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { MAX_BACKLOG, type SimEndpoint } from './endpoint.js';

/**
 * A serial device server in TCP-server mode (what `tcp://host:port` in the gateway connects to): every
 * connected client gets the device's bytes. Unplugging closes the listener and every connection.
 */
export class TcpServerEndpoint implements SimEndpoint {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private listeners: ((bytes: Uint8Array) => void)[] = [];
  private droppedBytes = 0;
  private boundPort: number;

  constructor(
    private readonly host: string,
    port: number, // 0 picks a free port; `address` then gives it
  ) {
    this.boundPort = port;
  }

  get address(): string {
    return `tcp://${this.host}:${this.boundPort}`;
  }

  get port(): number {
    return this.boundPort;
  }

  get connected(): boolean {
    return this.sockets.size > 0;
  }

  get dropped(): number {
    return this.droppedBytes;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = createServer((s) => {
      this.sockets.add(s);
      s.on('data', (d: Buffer) => {
        for (const l of this.listeners) l(d);
      });
      s.on('error', () => {});
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  write(bytes: Uint8Array): void {
    if (this.sockets.size === 0) this.droppedBytes += bytes.length;
    for (const s of this.sockets) {
      if (s.writableLength > MAX_BACKLOG) this.droppedBytes += bytes.length;
      else s.write(bytes);
    }
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async unplug(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  replug(): Promise<void> {
    return this.open();
  }

  close(): Promise<void> {
    return this.unplug();
  }
}
