import type { EventEmitter } from 'node:events';

/**
 * One peer the bytes come from and answers go to. A serial port or a TCP client has exactly one
 * (the transport itself); a listener has one per accepted connection, each with its own framing state.
 */
export interface TransportLink {
  readonly id: string;
  write(bytes: Uint8Array): Promise<void>;
}

export interface TransportEvents {
  /** Bytes as they arrived; the chunk may be reused by the transport after the call. */
  data: [chunk: Uint8Array, link: TransportLink];
  /** A listener's connection ended: whatever it sent half of is gone. */
  linkEnd: [link: TransportLink];
  /** The transport went away by itself (unplug, peer closed, read error). Never emitted by close(). */
  lost: [error: Error];
}

export type TransportKind = 'serial' | 'tcp' | 'mllp-listener';

/**
 * A byte pipe to a device. open() may be called again after `lost` or close(): that is how a device
 * comes back after being unplugged. Implementations: SerialPortTransport, TcpTransport,
 * MllpListenerTransport.
 */
export interface Transport extends EventEmitter<TransportEvents> {
  readonly kind: TransportKind;
  /** Where it is, for logs and status ("/dev/ttyUSB0 @ 9600 8N1", "tcp://10.0.0.5:4001"). */
  readonly description: string;
  readonly isOpen: boolean;
  /** Rejects with SerialError E_PORT_OPEN. */
  open(): Promise<void>;
  /** Idempotent; does not emit `lost`. */
  close(): Promise<void>;
  /** To the single peer; rejects with E_NOT_OPEN when closed (a listener answers through its links). */
  write(bytes: Uint8Array): Promise<void>;
}
