import type { InFlight } from './in-flight.js';
import { formatId } from './message-id.js';
import type { Statements } from './statements.js';
import type { StreamInfo, StreamRegistry } from './stream-registry.js';
import type { Message } from './types.js';
import { PRIORITIES } from './types.js';

interface Head {
  qid: number;
  bytes: number;
  stream: StreamInfo;
}

interface Body {
  qid: number;
  seq: number;
  topic: string;
  created_at: number;
  attempts: number;
  payload: Uint8Array;
}

export interface BatchSource {
  st: Statements;
  streams: StreamRegistry;
  inFlight: InFlight;
  /** Most messages of one stream handed out together. */
  window: number;
}

/**
 * Chooses the next messages to publish and marks them in flight. The rules, in order:
 * 1. A stream with anything in flight is skipped: nothing more of it is handed out until every message
 *    of it handed out before is acked, nacked or released. An eligible stream contributes its oldest
 *    pending messages (a prefix in seq order, at most `window`).
 * 2. Priorities are strict: priority p+1 is considered only when nothing of priority p is left pending
 *    (everything of p is in flight or the store has none).
 * 3. Within a priority, messages of different streams are interleaved in enqueue order.
 * 4. Stops at `limit` messages or before exceeding `maxBytes`, except that a first message larger
 *    than `maxBytes` is returned alone so it cannot block the queue.
 * The result is in publish order; publishing it in that order over one MQTT session keeps each
 * stream in seq order at the hub unless a message is nacked and retried after later ones were acked.
 */
export function selectBatch(src: BatchSource, limit: number, maxBytes: number): Message[] {
  const out: Message[] = [];
  let bytes = 0;
  for (const priority of PRIORITIES) {
    const room = limit - out.length;
    if (room <= 0) break;
    const { heads, leftover: more } = headsOf(src, src.streams.ofPriority(priority), room);
    let leftover = more;
    const taken = new Map<StreamInfo, number>();
    let n = 0;
    for (const h of heads) {
      if (n >= room || (bytes + h.bytes > maxBytes && out.length + n > 0)) {
        leftover = true;
        break;
      }
      taken.set(h.stream, (taken.get(h.stream) ?? 0) + 1);
      bytes += h.bytes;
      n += 1;
    }
    out.push(...bodiesOf(src, taken));
    if (leftover) break;
  }
  return out;
}

/** Pending head messages of the eligible streams, in enqueue order; `leftover` if any stay behind. */
function headsOf(src: BatchSource, streams: readonly StreamInfo[], room: number) {
  const heads: Head[] = [];
  let leftover = false;
  const want = Math.min(src.window, room);
  for (const stream of streams) {
    if (!src.streams.maybePending.has(stream.id)) continue;
    const flying = src.inFlight.countOf(stream.id);
    if (flying > 0) {
      // More rows than in flight means some of this stream wait behind its window.
      if (!leftover && src.st.heads.all(stream.id, flying + 1).length > flying) leftover = true;
      continue;
    }
    const rows = src.st.heads.all(stream.id, want + 1) as { qid: number; bytes: number }[];
    if (rows.length === 0) {
      src.streams.maybePending.delete(stream.id);
      continue;
    }
    if (rows.length > want) {
      leftover = true;
      rows.length = want;
    }
    for (const r of rows) heads.push({ qid: r.qid, bytes: r.bytes, stream });
  }
  heads.sort((a, b) => a.qid - b.qid);
  return { heads, leftover };
}

function bodiesOf(src: BatchSource, taken: ReadonlyMap<StreamInfo, number>): Message[] {
  const rows: { qid: number; msg: Message }[] = [];
  for (const [s, count] of taken) {
    for (const b of src.st.bodies.all(s.id, count) as Body[]) {
      const id = formatId(s.site, s.device, s.stream, b.seq);
      src.inFlight.add(id, s.id, b.seq, s.stream);
      rows.push({
        qid: b.qid,
        msg: {
          id,
          site: s.site,
          device: s.device,
          stream: s.stream,
          seq: b.seq,
          priority: s.priority,
          topic: b.topic,
          payload: b.payload,
          createdAt: b.created_at,
          attempts: b.attempts,
        },
      });
    }
  }
  rows.sort((a, b) => a.qid - b.qid);
  return rows.map((r) => r.msg);
}
