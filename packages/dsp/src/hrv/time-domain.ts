/** Time-domain HRV of NN intervals (ms). */
export interface TimeDomain {
  meanNnMs: number;
  /** Sample standard deviation (n - 1), as Kubios and most HRV software report it. */
  sdnnMs: number;
  /** Root mean square of successive differences, over pairs of adjacent NN intervals only. */
  rmssdMs: number;
  /** Per cent of those differences larger than 50 ms (strictly). */
  pnn50: number;
  hrMeanBpm: number;
}

/**
 * `nn[0..n)` in ms; `follows[i]` is 1 when nn[i] directly follows nn[i-1] (no excluded interval
 * between them), so a difference across an ectopic beat is never taken. Needs n >= 2.
 */
export function timeDomain(nn: ArrayLike<number>, follows: ArrayLike<number>, n: number): TimeDomain {
  if (n < 2) throw new RangeError(`timeDomain: need at least 2 NN intervals, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += nn[i];
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (nn[i] - mean) ** 2;
  let sd2 = 0, diffs = 0, over50 = 0;
  for (let i = 1; i < n; i++) {
    if (!follows[i]) continue;
    const d = nn[i] - nn[i - 1];
    sd2 += d * d;
    diffs++;
    if (Math.abs(d) > 50) over50++;
  }
  return {
    meanNnMs: mean,
    sdnnMs: Math.sqrt(ss / (n - 1)),
    rmssdMs: diffs > 0 ? Math.sqrt(sd2 / diffs) : 0,
    pnn50: diffs > 0 ? (100 * over50) / diffs : 0,
    hrMeanBpm: 60000 / mean,
  };
}
