import { createTransport, parsePortSpec, type Transport } from '@clinic-edge/gateway';
import { concatBytes } from '../../../firmware-sim/random.js';

export interface Capture {
  bytes: Uint8Array;
  seconds: number;
}

/** Opens the port (at `baud` for a serial port), keeps what arrives for `ms`, closes it. Throws on open. */
export async function capture(port: string, baud: number, ms: number): Promise<Capture> {
  const spec = parsePortSpec(port);
  const t: Transport = createTransport(spec, baud);
  const parts: Uint8Array[] = [];
  t.on('data', (chunk) => parts.push(Uint8Array.from(chunk)));
  t.on('lost', () => {});
  await t.open();
  const start = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  await t.close();
  return { bytes: concatBytes(parts), seconds: (Date.now() - start) / 1000 };
}
