import type { Priority, Stream } from './types.js';

/**
 * alerts first; vitals, summary and status next (status is small and tells the hub why a device went
 * quiet); waveform last because it is bulky and the least urgent.
 */
export const PRIORITY_OF: Readonly<Record<Stream, Priority>> = {
  alerts: 0,
  vitals: 1,
  summary: 1,
  status: 1,
  waveform: 2,
};

/**
 * Order in which the byte bound (and the age bound) evicts, oldest first within each stream.
 * waveform is bulk; status is superseded by the next status; summary is derived from vitals and
 * can be recomputed from them at the hub, so vitals, the measured readings, go last.
 * alerts are never evicted.
 */
export const EVICTION_ORDER: readonly Stream[] = ['waveform', 'status', 'summary', 'vitals'];
