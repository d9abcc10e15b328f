/**
 * Amplitude statistics of one window of raw samples (mV): how many are missing (NaN), the
 * peak-to-peak range, and how many sit clipped at the window's extreme or at a known ADC rail.
 *
 * Clipping without known rails: an amplifier or ADC in saturation repeats one value, and that
 * value is the window's maximum or minimum. So a sample counts as clipped when it lies in a run
 * of identical values at least `minRun` samples long (15 ms, at least 3 samples) whose value is
 * the window's max or min. A real ECG seldom holds its extreme that long: an R peak stays within
 * one 5 µV step for about 2 ms; a broad, noise-free T wave that is also the window's maximum can
 * (about 20 ms), which costs at most 2 % of a second — under the 'poor' clipping threshold. With rails known (`railLowMv`,
 * `railHighMv`) every sample within 0.2 % of the span from a rail counts as clipped too.
 * Runs are cut at window boundaries (runs spanning two windows count in both if long enough in
 * total, from the sample where they reach `minRun`). Allocation-free after construction.
 */
export class AmplitudeStats {
  count = 0;
  nanCount = 0;
  min = Infinity;
  max = -Infinity;
  railCount = 0;
  private readonly minRun: number;
  private readonly runValue: Float64Array;
  private readonly runCount: Float64Array;
  private runs = 0;
  private prev = NaN;
  private runLength = 0; // identical finite samples so far, across windows
  private readonly railLow: number;
  private readonly railHigh: number;

  constructor(windowSamples: number, sampleRate: number /* Hz */, railLowMv?: number, railHighMv?: number) {
    this.minRun = Math.max(3, Math.round(0.015 * sampleRate));
    const capacity = Math.ceil(windowSamples / this.minRun) + 2;
    this.runValue = new Float64Array(capacity);
    this.runCount = new Float64Array(capacity);
    if (railLowMv !== undefined && railHighMv !== undefined && railHighMv > railLowMv) {
      const tol = 0.002 * (railHighMv - railLowMv);
      this.railLow = railLowMv + tol;
      this.railHigh = railHighMv - tol;
    } else {
      this.railLow = -Infinity;
      this.railHigh = Infinity;
    }
  }

  /**
   * Adds samples[off..off+len). The loop lives here, not in the caller, so no sample crosses a
   * call boundary: a double passed to a method the optimiser did not inline is boxed on the heap.
   */
  add(samples: ArrayLike<number>, off: number, len: number): void {
    for (let i = off; i < off + len; i++) {
      const x = samples[i];
      this.count++;
      if (x - x !== 0) {
        this.nanCount++;
        this.runLength = 0;
        this.prev = NaN;
        continue;
      }
      if (x < this.min) this.min = x;
      if (x > this.max) this.max = x;
      if (x <= this.railLow || x >= this.railHigh) this.railCount++;
      if (x === this.prev) {
        this.runLength++;
        if (this.runLength === this.minRun) this.openRun(Math.min(this.minRun, this.count));
        else if (this.runLength > this.minRun) this.extendRun();
      } else {
        this.runLength = 1;
        this.prev = x;
      }
    }
  }

  /** Samples clipped: stuck at the window's extreme in a long run, or at a rail. */
  clippedCount(): number {
    let stuck = 0;
    for (let r = 0; r < this.runs; r++) {
      const v = this.runValue[r];
      if ((v === this.max || v === this.min) && !this.nearRail(v)) stuck += this.runCount[r];
    }
    return Math.min(this.count, stuck + this.railCount);
  }

  /** Starts a new window; a run in progress goes on counting in it. */
  reset(): void {
    this.count = 0;
    this.nanCount = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.railCount = 0;
    this.runs = 0;
  }

  private nearRail(v: number): boolean {
    return v <= this.railLow || v >= this.railHigh; // already counted as railed
  }

  /** Opens a run of `prev` (the repeated value) counting `samples`. */
  private openRun(samples: number): void {
    if (this.runs === this.runValue.length) return; // cannot happen: runs are >= minRun apart
    this.runValue[this.runs] = this.prev;
    this.runCount[this.runs] = samples;
    this.runs++;
  }

  private extendRun(): void {
    // The first sample of a window continues a run begun before it: open it anew here.
    if (this.runs === 0 || this.runValue[this.runs - 1] !== this.prev || this.count === 1) this.openRun(1);
    else this.runCount[this.runs - 1]++;
  }
}
