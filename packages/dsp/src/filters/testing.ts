/**
 * Test support shared by the filter and resampler tests (not exported from the package).
 * Pure and deterministic: a seeded PRNG and a chunked runner.
 */

/** Deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples via Box-Muller, from a seeded uniform source. */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Random chunk lengths (1..maxChunk, with some zero-length chunks) covering `total` samples. */
export function randomChunks(total: number, maxChunk: number, seed: number): number[] {
  const random = seededRandom(seed);
  const chunks: number[] = [];
  let left = total;
  while (left > 0) {
    const n = random() < 0.05 ? 0 : Math.min(left, 1 + Math.floor(random() * maxChunk));
    chunks.push(n);
    left -= n;
  }
  return chunks;
}

/** Runs a one-in/one-out kernel chunk by chunk through subarray views, in place when asked. */
export function runChunked(
  kernel: { process(input: Float32Array | Float64Array, output: Float64Array, length?: number): void },
  signal: Float64Array,
  chunks: readonly number[],
  inPlace = false,
): Float64Array {
  const out = inPlace ? Float64Array.from(signal) : new Float64Array(signal.length);
  let at = 0;
  for (const n of chunks) {
    const input = inPlace ? out.subarray(at, at + n) : signal.subarray(at, at + n);
    kernel.process(input, out.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** Sine samples: amplitude·sin(2π·f·n/fs + phase). */
export function sine(length: number, frequencyHz: number, sampleRateHz: number, amplitude = 1, phase = 0): Float64Array {
  const out = new Float64Array(length);
  for (let n = 0; n < length; n++) out[n] = amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / sampleRateHz + phase);
  return out;
}

/** Root mean square of `x[from..to)`. */
export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / (to - from));
}

/** Gaussian waves (amplitude mV, centre s relative to R, width s) of one synthetic beat. */
const BEAT_WAVES: readonly [number, number, number][] = [
  [0.15, -0.2, 0.025], // P
  [-0.1, -0.03, 0.008], // Q
  [1.0, 0, 0.01], // R
  [-0.25, 0.03, 0.008], // S
  [0.3, 0.3, 0.05], // T
];

/**
 * ECG-like test signal in mV: PQRST beats of Gaussian waves at ~72 bpm with ±5 % RR jitter,
 * plus white noise of `noiseMv` RMS. Deterministic for a given seed.
 */
export function syntheticEcg(seconds: number, sampleRateHz: number, seed: number, noiseMv = 0.01): Float64Array {
  const n = Math.round(seconds * sampleRateHz);
  const out = new Float64Array(n);
  const random = seededRandom(seed);
  const normal = gaussian(random);
  for (let r = 0.5; r < seconds + 0.5; r += (60 / 72) * (1 + 0.1 * (random() - 0.5))) {
    const from = Math.max(0, Math.floor((r - 0.4) * sampleRateHz));
    const to = Math.min(n, Math.ceil((r + 0.6) * sampleRateHz));
    for (let i = from; i < to; i++) {
      const t = i / sampleRateHz - r;
      for (const [a, c, w] of BEAT_WAVES) out[i] += a * Math.exp(-((t - c) ** 2) / (2 * w * w));
    }
  }
  for (let i = 0; i < n; i++) out[i] += noiseMv * normal();
  return out;
}
