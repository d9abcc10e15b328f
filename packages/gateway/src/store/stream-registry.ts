import { PRIORITY_OF } from './priority.js';
import type { Statements } from './statements.js';
import type { Priority, Stream } from './types.js';
import { PRIORITIES } from './types.js';

export interface StreamInfo {
  id: number;
  site: string;
  device: string;
  stream: Stream;
  priority: Priority;
}

const keyOf = (site: string, device: string, stream: string) => `${site}\u0000${device}\u0000${stream}`;

/**
 * In-memory mirror of the `sequences` table (one row per site/device/stream), so the hot path never
 * looks a stream up in SQL. Also remembers which streams may have pending messages, so nextBatch
 * only queries those: a stream is marked on enqueue and unmarked when a query finds it empty.
 */
export class StreamRegistry {
  private readonly byKey = new Map<string, StreamInfo>();
  private readonly byId = new Map<number, StreamInfo>();
  private readonly byPriority = new Map<Priority, StreamInfo[]>();
  readonly maybePending = new Set<number>();

  constructor(private readonly st: Statements) {
    this.reload();
  }

  /** Re-reads the table: at open, and after a failed transaction may have left a stale entry. */
  reload(): void {
    this.byKey.clear();
    this.byId.clear();
    for (const p of PRIORITIES) this.byPriority.set(p, []);
    const rows = this.st.allStreams.all() as { stream_id: number; site: string; device: string; stream: Stream }[];
    for (const r of rows) this.remember(r.stream_id, r.site, r.device, r.stream);
  }

  find(site: string, device: string, stream: Stream): StreamInfo | undefined {
    return this.byKey.get(keyOf(site, device, stream));
  }

  get(id: number): StreamInfo | undefined {
    return this.byId.get(id);
  }

  ofPriority(priority: Priority): readonly StreamInfo[] {
    return this.byPriority.get(priority) ?? [];
  }

  /** Finds or creates the stream; must run inside the enqueue transaction. */
  resolve(site: string, device: string, stream: Stream): StreamInfo {
    const known = this.find(site, device, stream);
    if (known) return known;
    const { stream_id } = this.st.insertStream.get(site, device, stream) as { stream_id: number };
    return this.remember(stream_id, site, device, stream);
  }

  private remember(id: number, site: string, device: string, stream: Stream): StreamInfo {
    const info: StreamInfo = { id, site, device, stream, priority: PRIORITY_OF[stream] };
    this.byKey.set(keyOf(site, device, stream), info);
    this.byId.set(id, info);
    this.byPriority.get(info.priority)!.push(info);
    this.maybePending.add(id);
    return info;
  }
}
