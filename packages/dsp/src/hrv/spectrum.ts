import FFT from 'fft.js';

/** Resampling rate of the NN series, Hz (Task Force 1996; 4 Hz is the common choice). */
export const HRV_RESAMPLE_HZ = 4;
/** Welch segment, samples at 4 Hz: 64 s, so 0.016 Hz bins and ≥ 2 bins even across the 0.04-0.15 Hz LF band's edges. */
const SEGMENT = 256;
export const LF_BAND: readonly [number, number] = [0.04, 0.15]; // Hz
export const HF_BAND: readonly [number, number] = [0.15, 0.4]; // Hz

export interface HrvSpectrumResult {
  lfMs2: number;
  hfMs2: number;
  /** Power 0-0.4 Hz after detrending, ms² (VLF + LF + HF). */
  totalMs2: number;
}

/**
 * LF and HF power of an NN series, the Task Force (1996) way for short-term recordings:
 *
 * 1. the NN values (ms) at the times of the beats that end them are interpolated by a natural
 *    cubic spline onto an even 4 Hz grid (linear interpolation would act as a sinc² low-pass and
 *    take about a third of the power at 0.25 Hz for an 1 s RR);
 * 2. the 4 Hz series is linearly detrended;
 * 3. Welch's method: 256-sample (64 s) Hann-windowed segments, 50 % overlap, periodograms by
 *    fft.js averaged, scaled as a one-sided PSD (ms²/Hz) so that its integral is the variance;
 * 4. band power = sum of PSD × bin width over the bins whose frequency lies in [low, high).
 *
 * Buffers are sized for `maxSeconds` of series and allocated once.
 */
export class HrvSpectrum {
  private readonly fft: FFT;
  private readonly grid: Float64Array;
  private readonly seg: Float64Array;
  private readonly spec: Float64Array; // typed, like every FFT output here: one element kind keeps fft.js's stores unboxed
  private readonly psd: Float64Array;
  private readonly hann: Float64Array;
  private readonly hannPower: number;
  private readonly m2: Float64Array; // spline second derivatives
  private readonly work: Float64Array;

  constructor(maxSeconds: number, maxIntervals: number) {
    this.fft = new FFT(SEGMENT);
    this.grid = new Float64Array(Math.ceil(maxSeconds * HRV_RESAMPLE_HZ) + 2);
    this.seg = new Float64Array(SEGMENT);
    this.spec = new Float64Array(2 * SEGMENT);
    this.psd = new Float64Array(SEGMENT / 2 + 1);
    this.hann = new Float64Array(SEGMENT);
    let u = 0;
    for (let i = 0; i < SEGMENT; i++) {
      this.hann[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / SEGMENT); // periodic Hann: 50 % overlap sums flat
      u += this.hann[i] ** 2;
    }
    this.hannPower = u;
    this.m2 = new Float64Array(maxIntervals);
    this.work = new Float64Array(maxIntervals);
  }

  /**
   * `times[0..n)` in s (increasing), `nnMs[0..n)` in ms. Returns null when the series spans less
   * than one Welch segment (64 s).
   */
  compute(times: Float64Array, nnMs: Float64Array, n: number): HrvSpectrumResult | null {
    if (n < 4) return null;
    const span = times[n - 1] - times[0];
    const m = Math.min(this.grid.length, Math.floor(span * HRV_RESAMPLE_HZ) + 1);
    if (m < SEGMENT) return null;
    this.spline(times, nnMs, n, m);
    detrend(this.grid, m);
    const psd = this.psd;
    psd.fill(0);
    let segments = 0;
    for (let from = 0; from + SEGMENT <= m; from += SEGMENT / 2, segments++) this.addPeriodogram(from);
    const binHz = HRV_RESAMPLE_HZ / SEGMENT;
    const scale = 1 / (segments * HRV_RESAMPLE_HZ * this.hannPower);
    let lf = 0, hf = 0, total = 0;
    for (let k = 1; k <= SEGMENT / 2; k++) {
      const p = psd[k] * scale * (k < SEGMENT / 2 ? 2 : 1) * binHz; // ms² in this bin
      const f = k * binHz;
      if (f >= LF_BAND[0] && f < LF_BAND[1]) lf += p;
      else if (f >= HF_BAND[0] && f < HF_BAND[1]) hf += p;
      if (f < HF_BAND[1]) total += p;
    }
    return { lfMs2: lf, hfMs2: hf, totalMs2: total };
  }

  private addPeriodogram(from: number): void {
    const seg = this.seg;
    let mean = 0;
    for (let i = 0; i < SEGMENT; i++) mean += this.grid[from + i];
    mean /= SEGMENT;
    for (let i = 0; i < SEGMENT; i++) seg[i] = (this.grid[from + i] - mean) * this.hann[i];
    this.fft.realTransform(this.spec, seg);
    for (let k = 0; k <= SEGMENT / 2; k++) {
      const re = this.spec[2 * k], im = this.spec[2 * k + 1];
      this.psd[k] += re * re + im * im;
    }
  }

  /** Natural cubic spline through (times, nnMs), sampled at times[0] + j/4 s into grid[0..m). */
  private spline(t: Float64Array, y: Float64Array, n: number, m: number): void {
    const M = this.m2, c = this.work;
    // Tridiagonal system for the second derivatives (Thomas algorithm), M[0] = M[n-1] = 0.
    M[0] = 0;
    c[0] = 0;
    for (let i = 1; i < n - 1; i++) {
      const h0 = t[i] - t[i - 1], h1 = t[i + 1] - t[i];
      const rhs = 6 * ((y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0);
      const diag = 2 * (h0 + h1) - h0 * c[i - 1];
      c[i] = h1 / diag;
      M[i] = (rhs - h0 * M[i - 1]) / diag;
    }
    M[n - 1] = 0;
    for (let i = n - 2; i >= 1; i--) M[i] -= c[i] * M[i + 1];
    let seg = 0;
    for (let j = 0; j < m; j++) {
      const x = t[0] + j / HRV_RESAMPLE_HZ;
      while (seg < n - 2 && x > t[seg + 1]) seg++;
      const h = t[seg + 1] - t[seg];
      const a = (t[seg + 1] - x) / h, b = (x - t[seg]) / h;
      this.grid[j] = a * y[seg] + b * y[seg + 1] + (((a * a * a - a) * M[seg] + (b * b * b - b) * M[seg + 1]) * h * h) / 6;
    }
  }
}

/** Removes the least-squares straight line from x[0..m). */
function detrend(x: Float64Array, m: number): void {
  const xm = (m - 1) / 2;
  let ym = 0;
  for (let i = 0; i < m; i++) ym += x[i];
  ym /= m;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < m; i++) {
    sxy += (i - xm) * (x[i] - ym);
    sxx += (i - xm) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  for (let i = 0; i < m; i++) x[i] -= ym + slope * (i - xm);
}
