import { butterworthBandpass } from '../filters/butterworth.js';
import { DspParameterError, requirePositive } from '../filters/errors.js';
import { checkRange } from '../filters/stream.js';
import { mainsNotchesBelowNyquist } from '../filters/notch.js';
import { QrsDetector } from '../qrs/detector.js';
import { AmplitudeStats } from './amplitude-stats.js';
import { BandEnergy } from './band-energy.js';
import { BeatRing, beatAgreement } from './beat-agreement.js';
import { classifyQuality, DEFAULT_QUALITY_THRESHOLDS } from './classify.js';
import { CurveLengthDetector } from './curve-length-detector.js';
import { QrsPowerReference } from './qrs-power-reference.js';
import type { QualityFeatures, QualityRecord, QualityThresholds } from './types.js';

export interface SignalQualityOptions {
  sampleRate: number; // Hz, 100..2000
  /** Copied into every record. Default 0. */
  channel?: number;
  /** ADC rails in mV, when the device's range is known (enables 'rail' and exact clipping). */
  railLowMv?: number;
  railHighMv?: number;
  thresholds?: Partial<QualityThresholds>;
}

const QRS_BAND: [number, number] = [5, 15]; // Hz
const BASELINE_BAND: [number, number] = [0.05, 0.7]; // Hz: below the slowest heart rate worth monitoring (42 bpm)
const MAINS_HALF_WIDTH_HZ = 1;
const BSQI_WINDOW_S = 10; // Li et al. 2008
const BSQI_MIN_S = 3; // shorter spans (start of stream) give too few beats to judge
const MATCH_S = 0.15; // beat match tolerance, as EC57 and bSQI use
/**
 * Least QRS-band (5-15 Hz) power a monitoring ECG has, mV²: a 0.5 mV R wave at 40 bpm (measured
 * on synth/: 0.0066 mV² per mV² of R amplitude at 40 bpm). Noise is judged against at least this,
 * so asystole (no QRS power at all) with ordinary baseline noise is not called noise — that
 * would hide the most urgent alarm there is.
 */
const QRS_POWER_FLOOR_MV2 = 0.0016;
/**
 * An empty second shows no QRS at all: QRS-band power under a quarter of the floor above (a 0.25 mV
 * R wave in the second; asystole's baseline noise, 20-50 µV RMS, reads 1e-4 or less), and a range
 * under EMPTY_SECOND_RANGE_MV (a lead at rest: noise and a slow breath, not an amplifier recovering
 * from saturation).
 */
export const EMPTY_SECOND_MV2 = QRS_POWER_FLOOR_MV2 / 4;
export const EMPTY_SECOND_RANGE_MV = 0.3;

/** True when the lead was on but showed nothing at all in the record's second (see EMPTY_SECOND_MV2). */
export function isEmptySecond(r: Readonly<QualityRecord>): boolean {
  return !r.leadOff && r.features.qrsPowerMv2 < EMPTY_SECOND_MV2 && r.features.rangeMv < EMPTY_SECOND_RANGE_MV;
}
const SHORT_SPAN = 2; // seconds over which mains and muscle power are read
const LONG_SPAN = 4; // seconds for baseline wander (a 0.3 Hz wave needs more than 1 s)

/**
 * Share of the patient's usual QRS-band power (QrsPowerReference) below which baseline wander is
 * judged against that share instead of the second's own QRS power: the QRS power of beating
 * seconds varies within about a factor of two with rate and respiration, so only a collapse (a
 * pause, asystole, a QRS lost) is caught.
 */
const WANDER_REFERENCE_SHARE = 0.5;

/** Per-second measurements waiting for the beat detectors to catch up. */
interface Pending {
  start: number;
  length: number;
  features: QualityFeatures;
}
/**
 * Seconds that can wait for the beat detectors (their delay is under 2 s). The two powers the
 * wander is judged by wait in typed rings of this size, not in the Pending object: two more
 * fractional fields there cost ~100 B a lead a second (bench allocation).
 */
const PENDING_RING = 16;

/**
 * Streaming signal quality of one ECG channel (mV): one {@link QualityRecord} per second of
 * signal (round(sampleRate) samples), each `delay` samples after the end of its second —
 * the beat detectors must have reported every beat of the 10 s bSQI window first. The output
 * is the same whatever the chunk sizes. Hot loops allocate nothing; one record object is made
 * per second.
 */
export class SignalQuality {
  /** Samples between the end of a second and the call that reports it. */
  readonly delay: number;
  readonly secondLength: number;
  private readonly fs: number;
  private readonly channel: number;
  private readonly thresholds: QualityThresholds;
  private readonly qrs: QrsDetector;
  private readonly ssf: CurveLengthDetector;
  private readonly beatsA = new BeatRing(128);
  private readonly beatsB = new BeatRing(128);
  private readonly stats: AmplitudeStats;
  private readonly qrsBand: BandEnergy;
  private readonly muscle: BandEnergy;
  private readonly mains: BandEnergy[];
  private readonly bands: BandEnergy[]; // every band above, ended together each second
  private readonly baseline: BandEnergy;
  private readonly muscleWidthHz: number;
  private readonly held: Float64Array; // gap-held, offset-removed input of the current block
  private readonly scratch: Float64Array;
  private readonly pending: Pending[] = [];
  private readonly qrsReference = new QrsPowerReference();
  private readonly wanderMv2 = new Float64Array(PENDING_RING); // wander power, 4 s, by second closed
  private readonly qrsLongMv2 = new Float64Array(PENDING_RING); // QRS-band power over the same 4 s, floored
  private emitted = 0; // seconds reported (the pending ones follow them in the rings)
  private last = 0;
  private offset = NaN;
  private inSecond = 0;
  private secondStart = 0;
  private processed = 0;

  constructor(options: SignalQualityOptions, private readonly onRecord: (record: QualityRecord) => void) {
    const fs = options.sampleRate;
    requirePositive('sampleRate', fs);
    if (fs < 100 || fs > 2000) throw new DspParameterError('sampleRate', fs, 'expected 100..2000 Hz');
    this.fs = fs;
    this.channel = options.channel ?? 0;
    this.thresholds = { ...DEFAULT_QUALITY_THRESHOLDS, ...options.thresholds };
    this.secondLength = Math.round(fs);
    this.qrs = new QrsDetector({ sampleRate: fs, leads: 1 }, (s) => this.beatsA.push(s));
    this.ssf = new CurveLengthDetector(fs, (s) => this.beatsB.push(s));
    this.stats = new AmplitudeStats(this.secondLength, fs, options.railLowMv, options.railHighMv);
    const history = LONG_SPAN + 1;
    this.qrsBand = new BandEnergy(butterworthBandpass(2, QRS_BAND[0], QRS_BAND[1], fs), history);
    this.baseline = new BandEnergy(butterworthBandpass(1, BASELINE_BAND[0], BASELINE_BAND[1], fs), history);
    // Muscle band 40-100 Hz, kept below 0.45·fs so the filter's upper edge stays clear of Nyquist
    // (at 125-128 Hz sampling that is 40-56 Hz); mains lines notched out so hum is not counted twice.
    const top = Math.min(100, 0.45 * fs);
    this.muscleWidthHz = top - 40;
    this.muscle = new BandEnergy([...butterworthBandpass(2, 40, top, fs), ...mainsNotchesBelowNyquist([50, 60], fs)], history);
    this.mains = [50, 60]
      .filter((f) => f + MAINS_HALF_WIDTH_HZ < fs / 2)
      .map((f) => new BandEnergy(butterworthBandpass(2, f - MAINS_HALF_WIDTH_HZ, f + MAINS_HALF_WIDTH_HZ, fs), history));
    this.bands = [this.qrsBand, this.baseline, this.muscle, ...this.mains];
    this.held = new Float64Array(this.secondLength);
    this.scratch = new Float64Array(this.secondLength);
    this.delay = Math.max(this.qrs.delay, this.ssf.maxDelay) + Math.ceil(MATCH_S * fs) + 1;
  }

  /** Pushes the next samples (mV; NaN marks missing ones), `samples[offset..offset + length)`. */
  push(samples: ArrayLike<number>, offset = 0, length = samples.length - offset): void {
    checkRange('SignalQuality', samples.length, offset, length);
    let off = offset;
    const end = offset + length;
    while (off < end) {
      const len = Math.min(end - off, this.secondLength - this.inSecond);
      this.block(samples, off, len);
      off += len;
      if (this.inSecond === this.secondLength) this.closeSecond();
      this.emitReady(false);
    }
  }

  /** End of the stream: closes the partial second and reports everything still pending. */
  flush(): void {
    this.qrs.flush();
    this.ssf.flush();
    if (this.inSecond > 0) this.closeSecond();
    this.emitReady(true);
  }

  private block(samples: ArrayLike<number>, off: number, len: number): void {
    const held = this.held;
    this.stats.add(samples, off, len);
    for (let i = 0; i < len; i++) {
      const x = samples[off + i];
      // Missing samples hold the last good one and the first good level is removed, so no
      // filter sees a step (see LeadFeature for the same reasoning).
      if (x - x === 0) {
        if (this.offset !== this.offset) this.offset = x;
        this.last = x - this.offset;
      }
      held[i] = this.last;
    }
    const scratch = this.scratch;
    this.qrsBand.add(held, scratch, len);
    this.baseline.add(held, scratch, len);
    this.muscle.add(held, scratch, len);
    for (let i = 0; i < this.mains.length; i++) this.mains[i].add(held, scratch, len);
    this.qrs.push(samples, undefined, off, len);
    this.ssf.push(samples, off, len);
    this.inSecond += len;
    this.processed += len;
  }

  private closeSecond(): void {
    for (let i = 0; i < this.bands.length; i++) this.bands[i].endWindow(); // index loops: an iterator is an object, every second
    const s = this.stats;
    const count = Math.max(1, s.count);
    const finite = s.count - s.nanCount;
    const qrsShort = Math.max(QRS_POWER_FLOOR_MV2, this.qrsBand.power(SHORT_SPAN));
    const qrsLong = Math.max(QRS_POWER_FLOOR_MV2, this.qrsBand.power(LONG_SPAN));
    // Hum is a line: what the ±1 Hz band holds beyond the broadband noise density around it
    // (read from the notched muscle band) is mains; white noise alone scores no hum.
    const muscleDensity = this.muscle.power(SHORT_SPAN) / this.muscleWidthHz;
    let mains = 0;
    for (let i = 0; i < this.mains.length; i++) mains = Math.max(mains, this.mains[i].power(SHORT_SPAN) - 2 * MAINS_HALF_WIDTH_HZ * muscleDensity);
    const qrsDensity = qrsShort / (QRS_BAND[1] - QRS_BAND[0]);
    const features: QualityFeatures = {
      nanFraction: s.nanCount / count,
      rangeMv: finite > 0 ? s.max - s.min : 0,
      railFraction: s.railCount / count,
      clippedFraction: s.clippedCount() / count,
      mainsDb: ratioDb(mains, qrsShort),
      muscleDb: ratioDb(muscleDensity, qrsDensity),
      baselineDb: Number.NaN, // at emit time, against the QRS power of the beats seen by then
      bsqi: null,
      qrsPowerMv2: this.qrsBand.power(1),
    };
    if (this.pending.length >= PENDING_RING) throw new Error('SignalQuality: pending ring overflow');
    const k = (this.emitted + this.pending.length) % PENDING_RING;
    this.wanderMv2[k] = this.baseline.power(LONG_SPAN);
    this.qrsLongMv2[k] = qrsLong;
    this.pending.push({ start: this.secondStart, length: this.inSecond, features });
    this.secondStart += this.inSecond;
    this.inSecond = 0;
    s.reset();
  }

  private emitReady(all: boolean): void {
    while (this.pending.length > 0) {
      const p = this.pending[0];
      const end = p.start + p.length;
      if (!all && this.processed < end + this.delay) return;
      this.pending.shift();
      const from = Math.max(end - BSQI_WINDOW_S * this.fs, this.ssf.learnEnd);
      const tol = Math.round(MATCH_S * this.fs);
      this.beatsA.dropBefore(end - (BSQI_WINDOW_S + 2) * this.fs);
      this.beatsB.dropBefore(end - (BSQI_WINDOW_S + 2) * this.fs);
      p.features.bsqi = end - from >= BSQI_MIN_S * this.fs ? beatAgreement(this.beatsA, this.beatsB, from, end, tol) : null;
      const k = this.emitted++ % PENDING_RING;
      p.features.baselineDb = ratioDb(this.wanderMv2[k], Math.max(this.qrsLongMv2[k], WANDER_REFERENCE_SHARE * this.qrsReference.value));
      // beats both detectors agree on, one of them in this very second: the patient's QRS
      if (p.features.bsqi !== null && p.features.bsqi >= this.thresholds.bsqi.good && this.beatsA.hasBeatIn(p.start, end)) {
        this.qrsReference.observe(this.qrsLongMv2[k]);
      }
      const c = classifyQuality(p.features, this.thresholds);
      this.onRecord({ channel: this.channel, start: p.start, length: p.length, ...c, features: p.features });
    }
  }
}

/** 10·log10(a / b), finite: a silent reference gives +60 dB if there is any noise, else -60 dB. */
function ratioDb(a: number, b: number): number {
  const floor = 1e-12; // mV²: far below ADC resolution
  const db = 10 * Math.log10((a + floor) / (b + floor));
  return db > 60 ? 60 : db < -60 ? -60 : db;
}
