import type { InFlight } from './in-flight.js';
import type { Ledger } from './ledger.js';
import { counterName } from './ledger.js';
import { PRIORITY_OF } from './priority.js';
import type { Statements } from './statements.js';
import type { OutboxStats, Priority, PriorityStats, Stream, StreamStats } from './types.js';
import { PRIORITIES, STREAMS } from './types.js';

export interface StatsSource {
  st: Statements;
  ledger: Ledger;
  inFlight: InFlight;
  now: number;
  maxBytes: number;
  maxAgeMs: number;
}

/** One indexed min() per stream kind; everything else comes from memory. */
export function buildStats(src: StatsSource): OutboxStats {
  const flying = src.inFlight.countByKind();
  const byStream = {} as Record<Stream, StreamStats>;
  const byPriority = {} as Record<Priority, PriorityStats>;
  for (const p of PRIORITIES) byPriority[p] = { messages: 0, bytes: 0, oldestAgeMs: null, inFlight: 0 };
  let evicted = 0;
  for (const kind of STREAMS) {
    const totals = src.ledger.of(kind);
    const oldest = (src.st.oldestCreated.get(kind) as { t: number | null }).t;
    const s: StreamStats = {
      priority: PRIORITY_OF[kind],
      messages: totals.messages,
      bytes: totals.bytes,
      oldestAgeMs: oldest === null ? null : src.now - oldest,
      inFlight: flying.get(kind) ?? 0,
      evicted: src.ledger.counter(counterName.evicted(kind)),
      evictedBytes: src.ledger.counter(counterName.evictedBytes(kind)),
    };
    byStream[kind] = s;
    evicted += s.evicted;
    const p = byPriority[s.priority];
    p.messages += s.messages;
    p.bytes += s.bytes;
    p.inFlight += s.inFlight;
    if (s.oldestAgeMs !== null) p.oldestAgeMs = Math.max(p.oldestAgeMs ?? 0, s.oldestAgeMs);
  }
  const messages = STREAMS.reduce((n, k) => n + byStream[k].messages, 0);
  return {
    messages,
    bytes: src.ledger.bytes,
    maxBytes: src.maxBytes,
    maxAgeMs: src.maxAgeMs,
    overBytes: src.ledger.bytes > src.maxBytes,
    overflowEvents: src.ledger.counter(counterName.overflow),
    inFlight: src.inFlight.size,
    evicted,
    deadLetters: (src.st.countDead.get() as { n: number }).n,
    deadLettered: src.ledger.counter(counterName.deadLettered),
    byStream,
    byPriority,
  };
}
