/**
 * Per-parser-instance health counters. They let the gateway tell a noisy cable (bytesDiscarded,
 * framesBad climbing) from a silent device (nothing moving) without logging any payload.
 *
 * Invariant for the byte framers: every byte pushed is, in the end, in a good frame, counted in
 * `bytesDiscarded`, or still pending.
 */
export interface DeviceCounters {
  /** Frames, lines or messages delivered as data. */
  framesOk: number;
  /** Candidate frames or lines rejected: bad stop bytes, bad length, unparsable line. */
  framesBad: number;
  /** Bytes dropped: hunting for a start marker, inside rejected frames, over-long lines. */
  bytesDiscarded: number;
  /** Times the framer lost sync and had to hunt for the next start marker. */
  resyncs: number;
  /** Frames cut short (a new start marker mid-frame, or end of stream); never emitted as data. */
  truncated: number;
  /** Frames or lines longer than the configured bound. */
  tooLong: number;
}

export function createCounters(): DeviceCounters {
  return { framesOk: 0, framesBad: 0, bytesDiscarded: 0, resyncs: 0, truncated: 0, tooLong: 0 };
}
