import type { InFlight } from './in-flight.js';
import { formatId } from './message-id.js';
import type { Statements } from './statements.js';
import { StreamCursor } from './stream-cursor.js';
import type { StreamInfo, StreamRegistry } from './stream-registry.js';
import type { Message } from './types.js';
import { PRIORITIES } from './types.js';

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
 * 1. Each stream has a sliding window of at most `window` messages in flight. A stream whose window
 *    is not full contributes its next pending messages after the highest one in flight, in seq order
 *    (QoS 1 over one session delivers them in order, so a stop-and-wait per window would only idle
 *    the link). A stream with a message waiting below its highest in flight (nacked for a retry) gets
 *    nothing new until its window empties; then it starts again from its oldest pending message.
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
    const { cursors, leftover: blockedLeft } = cursorsOf(src, src.streams.ofPriority(priority), room);
    let stopped = false;
    let n = 0;
    while (n < room) {
      const next = oldestHead(cursors);
      if (!next) break;
      const head = next.peek()!;
      if (bytes + head.bytes > maxBytes && out.length + n > 0) {
        stopped = true;
        break;
      }
      next.take();
      bytes += head.bytes;
      n += 1;
    }
    out.push(...bodiesOf(src, cursors));
    if (blockedLeft || stopped || cursors.some((c) => c.hasLeft)) break;
  }
  return out;
}

/** Cursors over the streams that may be handed out now; `leftover` if a blocked one has more pending. */
function cursorsOf(src: BatchSource, streams: readonly StreamInfo[], room: number) {
  const candidates: StreamInfo[] = [];
  let leftover = false;
  const starts = new Map<StreamInfo, { after: number; room: number }>();
  for (const stream of streams) {
    if (!src.streams.maybePending.has(stream.id)) continue;
    const flying = src.inFlight.countOf(stream.id);
    if (flying === 0) {
      candidates.push(stream);
      starts.set(stream, { after: 0, room: src.window });
      continue;
    }
    const top = src.inFlight.highestOf(stream.id);
    const hole = (src.st.countUpTo.get(stream.id, top) as { n: number }).n > flying;
    if (flying < src.window && !hole) {
      candidates.push(stream);
      starts.set(stream, { after: top, room: src.window - flying });
    } else if (!leftover && src.st.heads.all(stream.id, 0, flying + 1).length > flying) {
      // More rows than in flight means some of this stream wait behind its window.
      leftover = true;
    }
  }
  // Start each stream at its fair share of the room; cursors double their chunk as they drain.
  const chunk = Math.max(8, Math.ceil(room / Math.max(1, candidates.length)));
  const cursors: StreamCursor[] = [];
  for (const stream of candidates) {
    const { after, room: windowRoom } = starts.get(stream)!;
    const cursor = new StreamCursor(stream, src.st, chunk, windowRoom, after);
    if (cursor.empty) src.streams.maybePending.delete(stream.id);
    else cursors.push(cursor);
  }
  return { cursors, leftover };
}

/** The cursor whose next message was enqueued first (FIFO across streams of one priority). */
function oldestHead(cursors: readonly StreamCursor[]): StreamCursor | undefined {
  let best: StreamCursor | undefined;
  let bestQid = Infinity;
  for (const c of cursors) {
    const head = c.peek();
    if (head && head.qid < bestQid) {
      best = c;
      bestQid = head.qid;
    }
  }
  return best;
}

function bodiesOf(src: BatchSource, cursors: readonly StreamCursor[]): Message[] {
  const rows: { qid: number; msg: Message }[] = [];
  for (const { stream: s, taken, after } of cursors) {
    if (taken === 0) continue;
    for (const b of src.st.bodies.all(s.id, after, taken) as Body[]) {
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
