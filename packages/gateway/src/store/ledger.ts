import type { Statements } from './statements.js';
import type { Stream } from './types.js';
import { STREAMS } from './types.js';

export interface Totals {
  messages: number;
  bytes: number;
}

/** Names of the persisted counters. */
export const counterName = {
  evicted: (kind: Stream) => `evicted.${kind}`,
  evictedBytes: (kind: Stream) => `evicted_bytes.${kind}`,
  deadLettered: 'dead_lettered',
  overflow: 'overflow',
} as const;

/**
 * Message counts and bytes per stream kind, kept in memory so the byte bound is checked without a
 * query, plus the persisted `counters`. Changes are made inside write transactions; if one fails the
 * outbox calls `reload()` so memory matches the file again.
 */
export class Ledger {
  private readonly totals = new Map<Stream, Totals>();
  private readonly counters = new Map<string, number>();
  bytes = 0;

  constructor(private readonly st: Statements) {
    this.reload();
  }

  reload(): void {
    this.bytes = 0;
    for (const kind of STREAMS) this.totals.set(kind, { messages: 0, bytes: 0 });
    for (const r of this.st.totalsByKind.all() as { kind: Stream; n: number; b: number }[]) {
      this.totals.set(r.kind, { messages: r.n, bytes: r.b });
      this.bytes += r.b;
    }
    this.counters.clear();
    for (const r of this.st.allCounters.all() as { name: string; value: number }[]) {
      this.counters.set(r.name, r.value);
    }
  }

  of(kind: Stream): Readonly<Totals> {
    return this.totals.get(kind)!;
  }

  added(kind: Stream, bytes: number): void {
    const t = this.totals.get(kind)!;
    t.messages += 1;
    t.bytes += bytes;
    this.bytes += bytes;
  }

  removed(kind: Stream, bytes: number): void {
    const t = this.totals.get(kind)!;
    t.messages -= 1;
    t.bytes -= bytes;
    this.bytes -= bytes;
  }

  /** Adds to a persisted counter; call inside the transaction that did the counted thing. */
  count(name: string, delta: number): void {
    if (delta === 0) return;
    this.st.addCounter.run(name, delta);
    this.counters.set(name, (this.counters.get(name) ?? 0) + delta);
  }

  counter(name: string): number {
    return this.counters.get(name) ?? 0;
  }
}
