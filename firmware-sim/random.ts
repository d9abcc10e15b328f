/** Small seeded generator (LCG), so a simulator run with the same seed sends the same faults. */
export function seededRandom(seed = 1): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `n` bytes of line noise, never containing the bytes in `avoid` (e.g. the line end of a text protocol). */
export function noiseBytes(n: number, random: () => number, avoid: readonly number[] = []): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let b: number;
    do b = Math.floor(random() * 256);
    while (avoid.includes(b));
    out[i] = b;
  }
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
