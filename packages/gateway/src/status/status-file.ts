import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What a running daemon says about itself, for `clinic-edge status`: written as JSON next to the
 * outbox (`<store.path>.status.json`), replaced atomically every few seconds and on every change, and
 * marked stopped on a clean stop. A crash leaves the file with a dead pid, which the reader reports.
 * Never holds patient data or secrets (the hub URL is written without credentials).
 */
export interface DaemonStatus {
  v: 1;
  pid: number;
  site: string;
  startedAt: number; // ms since the epoch
  updatedAt: number;
  state: 'running' | 'stopping' | 'stopped';
  devices: DeviceStatusEntry[];
  hub: { url: string; online: boolean; since: number | null; lastError: string | null };
  outbox: { messages: number; bytes: number; oldestAgeMs: number | null; byStream: Record<string, number>; deadLetters: number; evicted: number } | null;
  lastError: { at: number; message: string } | null;
}

export interface DeviceStatusEntry {
  id: string;
  protocol: string;
  port: string;
  state: 'online' | 'offline' | 'reconnecting' | 'starting';
  reason: string;
  since: number;
  garbled: number; // events of unusable input so far
}

/** The status file of an outbox path. */
export function statusPathFor(storePath: string): string {
  return `${storePath}.status.json`;
}

export function writeStatusFile(file: string, status: DaemonStatus): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o644 });
  renameSync(tmp, file); // readers never see half a file
}

/** The parsed file, or null when there is none. Throws on a file that is not a status file. */
export function readStatusFile(file: string): DaemonStatus | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const s = JSON.parse(text) as DaemonStatus;
  if (s?.v !== 1 || typeof s.pid !== 'number') throw new Error(`${file} is not a clinic-edge status file`);
  return s;
}

export function removeStatusFile(file: string): void {
  rmSync(file, { force: true });
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** The hub URL without user:password, for the file and the screen. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//');
}
