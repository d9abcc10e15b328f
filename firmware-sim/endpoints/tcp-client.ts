import { connect, type Socket } from 'node:net';
import { MAX_BACKLOG, type SimEndpoint } from './endpoint.js';

/**
 * A monitor that connects out to the gateway's MLLP listener (`mllp://` in the gateway's config), and
 * keeps trying every `retryMs` while the gateway is not there. Unplugging drops the connection and
 * stops retrying until replug.
 */
export class TcpClientEndpoint implements SimEndpoint {
  private socket: Socket | null = null;
  private wanted = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private listeners: ((bytes: Uint8Array) => void)[] = [];
  private droppedBytes = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly retryMs = 1000,
  ) {}

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get connected(): boolean {
    return this.socket !== null && !this.socket.connecting;
  }

  get dropped(): number {
    return this.droppedBytes;
  }

  async open(): Promise<void> {
    this.wanted = true;
    this.dial();
  }

  private dial(): void {
    this.retry = null;
    if (!this.wanted || this.socket) return;
    const s = connect({ host: this.host, port: this.port });
    this.socket = s;
    s.setNoDelay(true);
    s.on('data', (d: Buffer) => {
      for (const l of this.listeners) l(d);
    });
    s.on('error', () => {});
    s.on('close', () => {
      if (this.socket === s) this.socket = null;
      if (this.wanted && !this.retry) this.retry = setTimeout(() => this.dial(), this.retryMs);
    });
  }

  write(bytes: Uint8Array): void {
    const s = this.socket;
    if (!s || s.connecting || s.writableLength > MAX_BACKLOG) {
      this.droppedBytes += bytes.length;
      return;
    }
    s.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async unplug(): Promise<void> {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const s = this.socket;
    this.socket = null;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  replug(): Promise<void> {
    return this.open();
  }

  close(): Promise<void> {
    return this.unplug();
  }
}
