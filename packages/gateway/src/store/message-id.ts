import type { Stream } from './types.js';
import { STREAMS } from './types.js';

/** Site and device names: no '/', MQTT wildcards or control characters, so ids and topics split cleanly. */
export const NAME_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export function formatId(site: string, device: string, stream: Stream, seq: number): string {
  return `${site}/${device}/${stream}/${seq}`;
}

export interface ParsedId {
  site: string;
  device: string;
  stream: Stream;
  seq: number;
}

/** Returns null for anything that is not an id this store could have made. */
export function parseId(id: string): ParsedId | null {
  const parts = id.split('/');
  if (parts.length !== 4) return null;
  const [site, device, stream, seqText] = parts as [string, string, string, string];
  const seq = Number(seqText);
  if (!STREAMS.includes(stream as Stream) || !Number.isSafeInteger(seq) || seq < 1) return null;
  return { site, device, stream: stream as Stream, seq };
}
