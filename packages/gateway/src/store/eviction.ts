import type { Ledger } from './ledger.js';
import { counterName } from './ledger.js';
import { formatId } from './message-id.js';
import { EVICTION_ORDER } from './priority.js';
import type { Statements } from './statements.js';
import type { StreamRegistry } from './stream-registry.js';
import type { Stream } from './types.js';

interface EvictedRow {
  stream_id: number;
  seq: number;
  bytes: number;
}

const CHUNK = 256;

/**
 * Applies the bounds inside a write transaction. Returns the ids evicted so the outbox can drop
 * them from the in-flight set (an evicted message that was in flight may still reach the hub; it
 * is counted as evicted all the same, because the outbox no longer guarantees it).
 */
export class Evictor {
  constructor(
    private readonly st: Statements,
    private readonly ledger: Ledger,
    private readonly streams: StreamRegistry,
  ) {}

  /** Oldest first, stream kind by kind in EVICTION_ORDER, until under maxBytes. Never alerts. */
  enforceBytes(maxBytes: number): string[] {
    const evicted: string[] = [];
    for (const kind of EVICTION_ORDER) {
      while (this.ledger.bytes > maxBytes) {
        const rows = this.st.oldestOfKind.all(kind, CHUNK) as (EvictedRow & { qid: number })[];
        if (rows.length === 0) break;
        const gone: EvictedRow[] = [];
        let excess = this.ledger.bytes - maxBytes;
        for (const row of rows) {
          if (excess <= 0) break;
          this.st.deleteByQid.run(row.qid);
          gone.push(row);
          excess -= row.bytes;
        }
        this.account(kind, gone, evicted);
      }
    }
    if (this.ledger.bytes > maxBytes) this.ledger.count(counterName.overflow, 1);
    return evicted;
  }

  /** Every non-alert message created before `cutoff` (ms epoch). */
  evictOlderThan(cutoff: number): string[] {
    const evicted: string[] = [];
    for (const kind of EVICTION_ORDER) {
      this.account(kind, this.st.expiredOfKind.all(kind, cutoff) as EvictedRow[], evicted);
    }
    return evicted;
  }

  private account(kind: Stream, rows: readonly EvictedRow[], ids: string[]): void {
    if (rows.length === 0) return;
    for (const row of rows) {
      this.ledger.removed(kind, row.bytes);
      const s = this.streams.get(row.stream_id);
      if (s) ids.push(formatId(s.site, s.device, kind, row.seq));
    }
    this.ledger.count(counterName.evicted(kind), rows.length);
    this.ledger.count(counterName.evictedBytes(kind), sum(rows));
  }
}

function sum(rows: readonly EvictedRow[]): number {
  let total = 0;
  for (const r of rows) total += r.bytes;
  return total;
}
