import type { Statements } from './statements.js';
import type { StreamInfo } from './stream-registry.js';

interface HeadRow {
  qid: number;
  seq: number;
  bytes: number;
}

/**
 * Reads one stream's pending messages (qid, seq, bytes; never the payload) in seq order, a chunk at
 * a time, so a batch merged from many streams reads about as many rows as it hands out.
 */
export class StreamCursor {
  private rows: HeadRow[] = [];
  private pos = 0;
  private more = true;
  private lastSeq: number;
  /** Messages of this stream taken into the batch. */
  taken = 0;

  /**
   * @param after seq the cursor starts after: 0, or the highest seq of the stream already in flight
   * @param window most messages of the stream this cursor may take
   */
  constructor(
    readonly stream: StreamInfo,
    private readonly st: Statements,
    private chunk: number,
    private readonly window: number,
    readonly after = 0,
  ) {
    this.lastSeq = after;
    this.fill();
  }

  /** The next pending message of the stream within its window, or undefined. */
  peek(): HeadRow | undefined {
    if (this.taken >= this.window) return undefined;
    if (this.pos === this.rows.length && this.more) this.fill();
    return this.rows[this.pos];
  }

  take(): void {
    this.pos += 1;
    this.taken += 1;
  }

  /** True when the stream has pending messages not taken (held back by window, limit or bytes). */
  get hasLeft(): boolean {
    return this.pos < this.rows.length || this.more;
  }

  /** True when the stream turned out to have nothing pending at all (nothing in flight either). */
  get empty(): boolean {
    return this.after === 0 && this.lastSeq === 0 && this.rows.length === 0;
  }

  private fill(): void {
    const want = Math.min(this.chunk, this.window - this.taken);
    const rows = this.st.heads.all(this.stream.id, this.lastSeq, want + 1) as HeadRow[];
    this.more = rows.length > want;
    if (this.more) rows.length = want;
    this.rows = rows;
    this.pos = 0;
    if (rows.length > 0) this.lastSeq = rows[rows.length - 1]!.seq;
    this.chunk *= 2;
  }
}
