/**
 * How periodic a window is, and at what period: the correlation of the band-passed signal with
 * itself shifted by each lag. An organised rhythm repeats its complex every RR interval, so the
 * first strong peak of the autocorrelation sits at the RR (0.4-1.5 s at 40-150/min); VF and
 * flutter repeat, loosely, every 0.12-0.33 s (3-8 Hz), and the correlation at those short lags
 * is high. Regularity of the complexes is the strongest separation of organised rhythms from VF
 * (Chen, Thakor & Mower, Med Biol Eng Comput 25:241, 1987, detect VF from the autocorrelation of
 * the ECG itself; Amann et al., BioMed Eng OnLine 4:60, 2005, compare it with the other features).
 *
 * The window is first averaged down to about 60 Hz (the signal is already band-limited to 30 Hz
 * and the RR needs no finer grid), which keeps the lag search at ~25k multiply-adds per window.
 */
export const TARGET_RATE_HZ = 60;
export const MIN_LAG_SECONDS = 0.12; // 500/min: shorter lags see only the shape of one wave
export const SHORT_LAG_END_SECONDS = 0.35; // ~170/min: below it, a period is a shockable rate
export const MAX_LAG_SECONDS = 1.6; // 37/min
/** A peak counts as the fundamental once it reaches this fraction of the highest correlation. */
export const FUNDAMENTAL_FRACTION = 0.6;

export interface PeriodicityResult {
  periodS: number; // s, lag of the first strong autocorrelation peak; 0 when none
  periodCorr: number; // -1..1, correlation at that lag
  shortCorr: number; // -1..1, highest correlation at lags MIN_LAG..SHORT_LAG_END
}

export class Periodicity {
  private readonly factor: number; // input samples per decimated sample
  private readonly rate: number; // Hz after decimation
  private readonly m: number; // decimated samples per window
  private readonly kMin: number;
  private readonly kShort: number;
  private readonly kMax: number;
  private readonly dec: Float64Array;
  private readonly r: Float64Array;

  constructor(
    sampleRate: number, // Hz
    readonly length: number, // samples per window
  ) {
    this.factor = Math.max(1, Math.round(sampleRate / TARGET_RATE_HZ));
    this.rate = sampleRate / this.factor;
    this.m = Math.floor(length / this.factor);
    this.kMin = Math.max(1, Math.round(MIN_LAG_SECONDS * this.rate));
    this.kShort = Math.round(SHORT_LAG_END_SECONDS * this.rate);
    this.kMax = Math.min(this.m - 2, Math.round(MAX_LAG_SECONDS * this.rate));
    this.dec = new Float64Array(this.m);
    this.r = new Float64Array(this.kMax + 2);
  }

  /** Periodicity of x[0..length), writing into `out`. */
  compute(x: Float64Array, out: PeriodicityResult): PeriodicityResult {
    const f = this.factor;
    for (let j = 0; j < this.m; j++) {
      let s = 0;
      for (let i = j * f; i < (j + 1) * f; i++) s += x[i];
      this.dec[j] = s / f;
    }
    out.periodS = 0;
    out.periodCorr = 0;
    out.shortCorr = 0;
    if (this.kMax <= this.kMin + 1) return out;
    let best = -1;
    for (let k = this.kMin - 1; k <= this.kMax + 1; k++) {
      this.r[k] = this.correlation(k);
      if (k >= this.kMin && k <= this.kMax && this.r[k] > best) best = this.r[k];
    }
    let shortCorr = -1;
    for (let k = this.kMin; k < this.kShort; k++) if (this.r[k] > shortCorr) shortCorr = this.r[k];
    out.shortCorr = shortCorr;
    for (let k = this.kMin; k <= this.kMax; k++) {
      const v = this.r[k];
      if (v >= this.r[k - 1] && v >= this.r[k + 1] && v > FUNDAMENTAL_FRACTION * best && v > 0) {
        out.periodS = k / this.rate;
        out.periodCorr = v;
        break;
      }
    }
    return out;
  }

  /** Pearson correlation of dec[0..m-k) with dec[k..m). */
  private correlation(k: number): number {
    const n = this.m - k;
    if (n < 2 || k < 0) return 0;
    let sa = 0;
    let sb = 0;
    let saa = 0;
    let sbb = 0;
    let sab = 0;
    for (let i = 0; i < n; i++) {
      const a = this.dec[i];
      const b = this.dec[i + k];
      sa += a;
      sb += b;
      saa += a * a;
      sbb += b * b;
      sab += a * b;
    }
    const va = saa - (sa * sa) / n;
    const vb = sbb - (sb * sb) / n;
    return va > 0 && vb > 0 ? (sab - (sa * sb) / n) / Math.sqrt(va * vb) : 0;
  }
}
