/**
 * When a lead carries enough mains hum to need its notch. The notch is not free: it rings for about
 * 0.2 s after a sharp deflection (a pacing spike, a narrow QRS), which on mitdb moved beat labels
 * and opened 3 min of false AF on paced 104. So the notched signal is used only while the hum
 * is there, and the raw one otherwise.
 *
 * The evidence is what the notch takes out (raw − notched), its RMS over each second of the
 * stream. On the shared mitdb and vfdb records and nstdb 118e24-118e00 that is at most 140 µV
 * in any second (median 3-16 µV: the recordings' own small hum, and the QRS's share of the notch
 * bands); on nstdb 118e_6's heavy motion it passes 150 µV in single seconds only. Hum starts to
 * change what the analyzer reports from about 0.3 mV amplitude (mitdb 114: 0.2 mV changed nothing,
 * 0.3 mV two beats); its RMS is amplitude / √2.
 */

/** Removed RMS that engages the notch, mV: hum of about 0.21 mV amplitude. */
export const HUM_ON_RMS_MV = 0.15;
/** Removed RMS under which the notch may disengage, mV. */
export const HUM_OFF_RMS_MV = 0.075;
/** Consecutive seconds over HUM_ON_RMS_MV to engage: hum is steady, motion bursts are not. */
export const HUM_ON_SECONDS = 2;
/** Consecutive seconds under HUM_OFF_RMS_MV to disengage: hum that comes and goes keeps it on. */
export const HUM_OFF_SECONDS = 10;
/** Crossfade between raw and notched, s: no step in the signal when the notch comes or goes. */
export const HUM_FADE_SECONDS = 0.2;

/** Per-lead state: call `mix` for every sample, in stream order. Allocates nothing. */
export class HumGate {
  private on = false;
  private weight = 0; // 0 raw .. 1 notched
  private readonly step: number; // weight change per sample
  private readonly secondLength: number; // samples
  private inSecond = 0; // samples of the current second seen
  private sumSq = 0;
  private counted = 0; // finite samples in the current second
  private run = 0; // consecutive seconds for the pending change

  constructor(sampleRate: number /* Hz */) {
    this.secondLength = Math.max(1, Math.round(sampleRate));
    this.step = 1 / Math.max(1, Math.round(HUM_FADE_SECONDS * sampleRate));
  }

  /** True while the notched signal is (being faded) in. */
  get engaged(): boolean {
    return this.on;
  }

  /** The output sample for raw `x` and notched `y`; a non-finite `x` comes out NaN. */
  mix(x: number, y: number): number {
    let out = Number.NaN;
    if (x - x === 0) {
      const d = x - y;
      this.sumSq += d * d;
      this.counted++;
      out = x - this.weight * d;
    }
    if (this.on ? this.weight < 1 : this.weight > 0) {
      this.weight = this.on ? Math.min(1, this.weight + this.step) : Math.max(0, this.weight - this.step);
    }
    if (++this.inSecond === this.secondLength) this.endSecond();
    return out;
  }

  private endSecond(): void {
    // a second mostly missing says nothing either way
    if (this.counted >= this.secondLength / 2) {
      const rms = Math.sqrt(this.sumSq / this.counted);
      const towardChange = this.on ? rms < HUM_OFF_RMS_MV : rms >= HUM_ON_RMS_MV;
      this.run = towardChange ? this.run + 1 : 0;
      if (this.run >= (this.on ? HUM_OFF_SECONDS : HUM_ON_SECONDS)) {
        this.on = !this.on;
        this.run = 0;
      }
    }
    this.inSecond = 0;
    this.sumSq = 0;
    this.counted = 0;
  }
}
