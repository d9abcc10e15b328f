/** Nearest-rank quantile (0..1) of `values`, rounded to 0.01; null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return round2(s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]);
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
