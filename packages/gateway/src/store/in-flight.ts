import type { Stream } from './types.js';

interface Entry {
  streamId: number;
  seq: number;
  kind: Stream;
}


/**
 * Messages handed out by nextBatch and not yet acked, nacked or released. Memory only on purpose:
 * after a restart nothing is in flight, so everything unacknowledged is sent again (at least once).
 */
export class InFlight {
  private readonly entries = new Map<string, Entry>();
  /** Messages in flight per stream id. */
  private readonly windows = new Map<number, number>();
  /** Highest seq handed out per stream since its window was last empty. */
  private readonly highest = new Map<number, number>();

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  add(id: string, streamId: number, seq: number, kind: Stream): void {
    if (this.entries.has(id)) return;
    this.entries.set(id, { streamId, seq, kind });
    this.windows.set(streamId, (this.windows.get(streamId) ?? 0) + 1);
    if (seq > (this.highest.get(streamId) ?? 0)) this.highest.set(streamId, seq);
  }

  /** Highest seq of the stream handed out while its window has not emptied (0 when none is in flight). */
  highestOf(streamId: number): number {
    return this.highest.get(streamId) ?? 0;
  }

  /** How many messages of the stream are in flight (0 when none). */
  countOf(streamId: number): number {
    return this.windows.get(streamId) ?? 0;
  }

  delete(id: string): boolean {
    const e = this.entries.get(id);
    if (!e) return false;
    this.entries.delete(id);
    const left = this.windows.get(e.streamId)! - 1;
    if (left === 0) {
      this.windows.delete(e.streamId);
      this.highest.delete(e.streamId);
    } else this.windows.set(e.streamId, left);
    return true;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  countByKind(): Map<Stream, number> {
    const counts = new Map<Stream, number>();
    for (const e of this.entries.values()) counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
    return counts;
  }

  clear(): void {
    this.entries.clear();
    this.windows.clear();
    this.highest.clear();
  }
}
