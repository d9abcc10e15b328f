/** A sleep that a stop request (Ctrl-C) cuts short, so the demo can always clean up promptly. */
export class Timeline {
  private stopped = false;
  private wake: (() => void) | null = null;
  readonly startedAt = Date.now();

  get stopRequested(): boolean {
    return this.stopped;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  /** Seconds since the start. */
  elapsed(): number {
    return (Date.now() - this.startedAt) / 1000;
  }

  /** Waits until `atSeconds` after the start (or the stop); true if the time came, false if stopped. */
  async until(atSeconds: number): Promise<boolean> {
    const ms = this.startedAt + atSeconds * 1000 - Date.now();
    if (this.stopped) return false;
    if (ms > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, ms);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = null;
    }
    return !this.stopped;
  }
}
