/**
 * Where a simulated device's bytes come out. write() never waits and drops what a stalled reader
 * cannot take (beyond a bound), as a UART does when nobody listens.
 */
export interface SimEndpoint {
  /** What the gateway opens: a device path, `tcp://host:port`, or where the simulator connects to. */
  readonly address: string;
  /** True while the gateway side is plugged in / connected. */
  readonly connected: boolean;
  /** Bytes dropped because no one was reading. */
  readonly dropped: number;
  open(): Promise<void>;
  write(bytes: Uint8Array): void;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Unplug: the port or connection goes away (the pty node disappears, the socket closes). */
  unplug(): Promise<void>;
  /** Plug back in, at the same address. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** Bytes a writer may queue for a slow reader before the simulator starts dropping. */
export const MAX_BACKLOG = 64 * 1024;
