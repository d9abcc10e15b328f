import { SerialError } from './errors.js';
import { MllpListenerTransport } from './mllp-listener.js';
import { SerialPortTransport } from './serialport-transport.js';
import { TcpTransport } from './tcp-transport.js';
import type { Transport } from './transport.js';

/**
 * Where a device is, as written in the configuration:
 *   /dev/ttyUSB0, /dev/serial/by-id/..., COM3   a serial port (baud from the device's configuration)
 *   tcp://10.0.0.5:4001                          a serial device server; the gateway connects
 *   mllp://0.0.0.0:2575                          a listener the monitor connects to (HL7 over MLLP)
 */
export type PortSpec =
  | { kind: 'serial'; path: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'mllp-listener'; host: string; port: number };

function hostPort(spec: string, scheme: string): { host: string; port: number } {
  const m = /^([^:/]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\/?$/.exec(spec.slice(scheme.length + 3));
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) {
    throw new SerialError('E_PORT_URL', `"${spec}" is not ${scheme}://HOST:PORT (PORT 0..65535), e.g. ${scheme}://192.168.1.20:4001`, { port: spec });
  }
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export function parsePortSpec(spec: string): PortSpec {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    if (spec.trim() === '') throw new SerialError('E_PORT_URL', 'the port is empty: write a device path such as /dev/ttyUSB0, or tcp://HOST:PORT', { port: spec });
    return { kind: 'serial', path: spec };
  }
  if (scheme === 'tcp') return { kind: 'tcp', ...hostPort(spec, 'tcp') };
  if (scheme === 'mllp') return { kind: 'mllp-listener', ...hostPort(spec, 'mllp') };
  throw new SerialError('E_PORT_URL', `"${spec}": unknown scheme ${scheme}://; use a device path, tcp://HOST:PORT or mllp://HOST:PORT`, { port: spec });
}

/** A transport for the spec; `baudRate` matters only for serial ports. */
export function createTransport(spec: string | PortSpec, baudRate: number): Transport {
  const s = typeof spec === 'string' ? parsePortSpec(spec) : spec;
  switch (s.kind) {
    case 'serial':
      return new SerialPortTransport({ path: s.path, baudRate });
    case 'tcp':
      return new TcpTransport({ host: s.host, port: s.port });
    case 'mllp-listener':
      return new MllpListenerTransport({ host: s.host, port: s.port });
  }
}
