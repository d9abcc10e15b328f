import type { BitReader, BitWriter } from './bit-io.js';

/**
 * Partitioned Rice coding of zigzagged residuals (the scheme FLAC uses): the residuals are cut into
 * partitions of PARTITION values and each partition gets the parameter k that makes it shortest,
 * sent in K_BITS bits. Within a partition a value u costs (u >> k) + 1 + k bits. A quotient of
 * ESCAPE_Q or more is sent as ESCAPE_Q ones, a zero and the value in RAW_BITS bits, so a spike
 * (electrode pop, lead reconnect) costs at most ~50 bits instead of thousands.
 */
export const PARTITION = 32;
const K_BITS = 5;
const MAX_K = 20;
const ESCAPE_Q = 24;
const RAW_BITS = 24; // zigzagged residuals of int24-range samples fit (|second difference| < 2^23)

/** Bits partition [from, to) of `u` costs with parameter k. */
function cost(u: Uint32Array, from: number, to: number, k: number): number {
  let bits = (to - from) * (k + 1);
  for (let i = from; i < to; i++) {
    const q = u[i] >>> k;
    bits += q >= ESCAPE_Q ? ESCAPE_Q + RAW_BITS : q;
  }
  return bits;
}

function bestK(u: Uint32Array, from: number, to: number): number {
  // Start near log2(mean) and walk downhill: the cost is convex in k.
  let sum = 0;
  for (let i = from; i < to; i++) sum += u[i];
  const mean = sum / (to - from);
  let k = mean < 1 ? 0 : Math.min(MAX_K, Math.floor(Math.log2(mean)));
  let c = cost(u, from, to, k);
  while (k > 0) {
    const down = cost(u, from, to, k - 1);
    if (down > c) break;
    k--;
    c = down;
  }
  while (k < MAX_K) {
    const up = cost(u, from, to, k + 1);
    if (up >= c) break;
    k++;
    c = up;
  }
  return k;
}

/** Writes `n` zigzagged residuals from `u`. */
export function writeRice(w: BitWriter, u: Uint32Array, n: number): void {
  for (let from = 0; from < n; from += PARTITION) {
    const to = Math.min(n, from + PARTITION);
    const k = bestK(u, from, to);
    w.bits(k, K_BITS);
    for (let i = from; i < to; i++) {
      const v = u[i];
      const q = v >>> k;
      if (q >= ESCAPE_Q) {
        w.unary(ESCAPE_Q);
        w.bits(v, RAW_BITS);
      } else {
        w.unary(q);
        w.bits(v, k);
      }
    }
  }
}

/** Reads `n` zigzagged residuals into `u`. */
export function readRice(r: BitReader, u: Uint32Array, n: number): void {
  for (let from = 0; from < n; from += PARTITION) {
    const to = Math.min(n, from + PARTITION);
    const k = r.bits(K_BITS);
    if (k > MAX_K) throw new RangeError(`waveform frame corrupt: Rice parameter ${k}`);
    for (let i = from; i < to; i++) {
      const q = r.unary(ESCAPE_Q);
      if (q >= ESCAPE_Q) u[i] = r.bits(RAW_BITS);
      else u[i] = q * 2 ** k + r.bits(k);
    }
  }
}

export const RICE_LIMITS = { RAW_BITS, MAX_K } as const;
