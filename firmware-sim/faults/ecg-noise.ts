import type { EcgSampleSource } from '../ecg-source.js';
import { seededRandom } from '../random.js';

/**
 * Noise kinds, after the MIT-BIH Noise Stress Test records (nstdb):
 * - 'emg': muscle artefact, broadband above ~20 Hz (nstdb "ma" is mostly that): white noise through a
 *   first-order high-pass at 20 Hz, so it sits in the QRS band and above, as shivering does.
 * - 'motion': electrode motion (nstdb "em"): large slow swings of the half-cell potential, 0.5-5 Hz, with
 *   step-like jumps when the electrode moves; the hardest noise for a beat detector because it looks like
 *   QRS complexes and T waves.
 */
export type EcgNoiseKind = 'emg' | 'motion';
export const ECG_NOISE_KINDS: readonly EcgNoiseKind[] = ['emg', 'motion'];

interface Burst {
  kind: EcgNoiseKind;
  left: number; // samples still to be noised
  rmsMv: number;
}

/**
 * An ECG source with noise bursts added on request. Bursts are counted in samples of the source's own
 * clock, so a 2 s burst covers exactly 2 s of ECG however the simulator's ticks fall. With no burst
 * active it passes samples through untouched.
 */
export class NoisyEcgSource implements EcgSampleSource {
  readonly sampleRate: number;
  private burst: Burst | null = null;
  private readonly random: () => number;
  // Filter states: high-pass for EMG, two one-pole low-passes for motion.
  private hpPrevIn = 0;
  private hpPrevOut = 0;
  private lp1 = 0;
  private lp2 = 0;
  private step = 0; // mV, the current electrode offset (motion)
  private readonly hpA: number;
  private readonly lpA: number;
  /** Noise bursts started, for the simulator's stats. */
  bursts = 0;

  constructor(private readonly source: EcgSampleSource, seed = 7) {
    this.sampleRate = source.sampleRate;
    this.random = seededRandom(seed);
    const dt = 1 / source.sampleRate;
    const rcHp = 1 / (2 * Math.PI * 20); // 20 Hz
    this.hpA = rcHp / (rcHp + dt);
    const rcLp = 1 / (2 * Math.PI * 3); // 3 Hz
    this.lpA = dt / (rcLp + dt);
  }

  get description(): string {
    return this.source.description;
  }

  /** Adds `kind` noise of about `rmsMv` mV RMS for the next `seconds` of signal (replacing any burst in progress). */
  startBurst(kind: EcgNoiseKind, seconds: number, rmsMv = kind === 'emg' ? 0.2 : 0.5): void {
    if (!ECG_NOISE_KINDS.includes(kind)) throw new RangeError(`noise kind "${kind}": use ${ECG_NOISE_KINDS.join(' or ')}`);
    if (!(seconds > 0) || !(rmsMv > 0)) throw new RangeError('a noise burst needs seconds > 0 and rmsMv > 0');
    this.burst = { kind, left: Math.round(seconds * this.sampleRate), rmsMv };
    this.bursts++;
  }

  get noisy(): boolean {
    return this.burst !== null;
  }

  next(out: Float64Array): void {
    this.source.next(out);
    const b = this.burst;
    if (!b) return;
    const n = Math.min(out.length, b.left);
    for (let i = 0; i < n; i++) out[i] += b.kind === 'emg' ? this.emg(b.rmsMv) : this.motion(b.rmsMv);
    b.left -= n;
    if (b.left === 0) {
      this.burst = null;
      this.step = 0;
    }
  }

  /** Gaussian-ish white noise (sum of 4 uniforms, variance 1/3) high-passed at 20 Hz. */
  private emg(rmsMv: number): number {
    const w = (this.random() + this.random() + this.random() + this.random() - 2) * Math.sqrt(3) * rmsMv * 1.4;
    const y = this.hpA * (this.hpPrevOut + w - this.hpPrevIn);
    this.hpPrevIn = w;
    this.hpPrevOut = y;
    return y;
  }

  /** Low-passed random walk plus occasional steps (about one a second) when the electrode shifts. */
  private motion(rmsMv: number): number {
    if (this.random() < 1 / this.sampleRate) this.step = (this.random() * 2 - 1) * 2 * rmsMv;
    const w = (this.random() * 2 - 1) * rmsMv * 6;
    this.lp1 += this.lpA * (w - this.lp1);
    this.lp2 += this.lpA * (this.lp1 + this.step - this.lp2);
    return this.lp2;
  }

  close(): void {
    this.source.close();
  }
}
