import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between the gateway and the hub that can cut the link, as a van driving out of
 * coverage does: `cut()` drops every connection and refuses new ones until `restore()`.
 */
export class LinkCutter {
  private server: Server | null = null;
  private readonly pairs = new Set<[Socket, Socket]>();
  private isCut = false;
  private boundPort = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get port(): number {
    return this.boundPort;
  }

  get cutNow(): boolean {
    return this.isCut;
  }

  async start(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    client.on('error', () => {});
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = connect({ host: this.targetHost, port: this.targetPort });
    upstream.on('error', () => client.destroy());
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const end = (): void => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  cut(): void {
    this.isCut = true;
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.cut();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
