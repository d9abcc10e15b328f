import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { MAX_BACKLOG, type SimEndpoint } from './endpoint.js';

export function socatAvailable(): boolean {
  return spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/**
 * A real pseudo-terminal at `path` (a symlink to /dev/pts/N), made by
 *   socat -d -d pty,raw,echo=0,link=<path> STDIO
 * whose other end is this process's pipe to socat: what we write comes out of the pty, what the
 * gateway writes to the pty comes back. Unplugging kills socat: the pty and its link go away and the
 * gateway's port sees a hang-up, exactly like a USB adapter pulled out; replugging starts a new one
 * at the same path.
 */
export class PtyEndpoint implements SimEndpoint {
  private child: ChildProcessWithoutNullStreams | null = null;
  private listeners: ((bytes: Uint8Array) => void)[] = [];
  private droppedBytes = 0;

  constructor(readonly address: string) {}

  get connected(): boolean {
    return this.child !== null;
  }

  get dropped(): number {
    return this.droppedBytes;
  }

  async open(): Promise<void> {
    if (this.child) return;
    if (existsSync(this.address)) throw new Error(`${this.address} already exists: another simulator? Remove it or choose another --pty path.`);
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${this.address}`, 'STDIO'], { stdio: ['pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const onErr = (err: Error): void => reject(new Error(`cannot start socat (is it installed?): ${err.message}`));
      child.once('error', onErr);
      child.once('exit', (code) => reject(new Error(`socat exited (${code}) before the pty was ready: ${log.trim().split('\n').pop() ?? ''}`)));
      child.stderr.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('starting data transfer loop')) {
          child.removeAllListeners('exit');
          child.removeListener('error', onErr);
          resolve();
        }
      });
    });
    child.stderr.removeAllListeners('data');
    child.stderr.resume();
    child.stdin.on('error', () => {}); // EPIPE when socat dies first: the unplug already says so
    child.stdout.on('data', (d: Buffer) => {
      for (const l of this.listeners) l(d);
    });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
  }

  write(bytes: Uint8Array): void {
    const child = this.child;
    if (!child || child.stdin.writableLength > MAX_BACKLOG) {
      this.droppedBytes += bytes.length;
      return;
    }
    child.stdin.write(bytes);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  async unplug(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
    rmSync(this.address, { force: true }); // socat removes its link on SIGTERM; make sure
  }

  replug(): Promise<void> {
    return this.open();
  }

  close(): Promise<void> {
    return this.unplug();
  }
}
