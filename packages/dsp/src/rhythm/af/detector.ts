import type { BeatLabel, Episode, EpisodeSink } from '../types.js';
import { EdgeRefiner, INTERVAL_IRREGULAR, INTERVAL_REGULAR, INTERVAL_UNKNOWN } from './edge-refiner.js';
import { EpisodeTracker } from './episode-tracker.js';
import { AfInputError } from './errors.js';
import { COSEN_HYSTERESIS, resolveAfOptions, type AfDetectorOptions, type ResolvedAfOptions } from './options.js';
import { RrIrregularity } from './rr-irregularity.js';
import { WindowCosen } from './window-cosen.js';
import { WindowMedian } from './window-median.js';

/** RR (s) at which the thresholds reach fastThresholdFactor (150 bpm) and at which they are whole (60 bpm). */
const FAST_RR = 0.4;
const SLOW_RR = 1;

/**
 * Streaming atrial-fibrillation detector on beat times (RR intervals only).
 *
 * Pipeline, one step per beat, no allocation in steady state:
 *  1. RrIrregularity: drop ectopic and impossible intervals; irregularity = |ΔRR| / mean RR and
 *     novelty = distance to the nearest recent Lorenz-plot point / mean RR (one interval of
 *     look-ahead, to see the pause after a premature beat);
 *  2. WindowMedian: centred medians of both over `windowBeats` intervals, as Petrėnas
 *     et al. (2015) median-filter theirs: a few missed or extra beats and leftover ectopics are
 *     outvoted, while AF keeps most of its intervals irregular;
 *  3. AF where both medians pass their thresholds, with hysteresis (onThreshold / offThreshold),
 *     the thresholds lowered at fast ventricular rates (fastThresholdFactor; the rate is the median
 *     of the window's clean RR), and the window's RR entropy (WindowCosen, COSEn) passes
 *     cosenThreshold: the intervals do not follow one another in a pattern;
 *  4. EpisodeTracker: an episode opens after `minOnBeats` AF intervals and closes after
 *     `minOffBeats` regular ones, with start and end backdated to the first and last AF interval;
 *  5. EdgeRefiner (refineEdges): that start and end move, by up to half a window, to where the
 *     intervals around them turn from regular to irregular and back.
 *
 * A gap between beats longer than pauseRr (3 s) ends the stream segment as flush() would: an
 * open episode closes at its last AF interval and what follows is judged on its own.
 *
 * Fixed delays, in beats pushed: an episode is opened when the beat `openDelayBeats` after its
 * decided start beat arrives, and closed when the beat `closeDelayBeats` after its decided last
 * beat arrives (sooner at a pause, when the first beat after it arrives); the start and end it
 * reports are those moved by the edge refiner, at most `edgeRadiusBeats` from the decided ones.
 *
 * Severity is 'warning': AF is a stroke risk to act on within hours to days, not a rhythm that
 * kills in minutes; a fast ventricular response is flagged by the rate (TACHY) detector.
 */
export class AfDetector {
  readonly sampleRate: number; // Hz
  readonly options: Readonly<ResolvedAfOptions>;
  /** Beats between an episode's start beat and the push that opens it. */
  readonly openDelayBeats: number;
  /** Beats between an episode's last beat and the push that closes it. */
  readonly closeDelayBeats: number;
  /** Beats by which the reported start and end may differ from the decided ones (0 without refineEdges). */
  readonly edgeRadiusBeats: number;
  private readonly half: number; // H: window = 2H + 1 intervals
  private readonly minValid: number;
  private readonly rr: RrIrregularity;
  private readonly window: WindowMedian;
  private readonly noveltyWindow: WindowMedian;
  private readonly noveltyOff: number;
  private readonly rrWindow: WindowMedian; // clean RR (s) of the same intervals, for the rate
  private readonly pWaveWindow: WindowMedian; // P-wave scores of the beats ending the same intervals
  private readonly cosenWindow: WindowCosen; // every possible RR (s) of the same intervals, ectopics included
  private readonly tracker: EpisodeTracker;
  private readonly edges: EdgeRefiner | null;
  private readonly irregularity: Float64Array; // ring: irregularity of each released interval (NaN: dropped)
  private readonly beats: Float64Array; // ring of recent beat samples
  private beatCount = 0;
  private released = 0; // intervals out of the RR stage
  private lastSample = Number.NaN;
  private pendingPWave = Number.NaN; // P-wave score of the interval held by the RR stage
  private af = false;
  private scale = 1; // threshold factor of the last decided window (fastThresholdFactor..1)

  constructor(opts: AfDetectorOptions, sink: EpisodeSink) {
    const o = resolveAfOptions(opts);
    this.options = Object.freeze(o);
    this.sampleRate = o.sampleRate;
    this.half = (o.windowBeats - 1) >> 1;
    this.minValid = Math.max(3, Math.ceil(o.windowBeats / 4));
    this.rr = new RrIrregularity({ sampleRate: o.sampleRate, minRr: o.minRr, maxRr: o.maxRr, ectopicFraction: o.ectopicFraction, noveltyBeats: o.noveltyBeats, reference: o.ectopicReference });
    this.window = new WindowMedian(o.windowBeats);
    this.noveltyWindow = new WindowMedian(o.windowBeats);
    this.noveltyOff = (o.noveltyThreshold * o.offThreshold) / o.onThreshold;
    this.rrWindow = new WindowMedian(o.windowBeats);
    this.pWaveWindow = new WindowMedian(o.windowBeats);
    this.cosenWindow = new WindowCosen(o.windowBeats);
    // an edge moves at most half a window (where the centred median can have put it), judged on as much on each side
    this.edges = o.refineEdges ? new EdgeRefiner(this.half, this.half, Math.max(o.minOnBeats, o.minOffBeats) + 2 * this.half + 8) : null;
    this.tracker = new EpisodeTracker(sink, o.minOnBeats, o.minOffBeats, 'warning', this.edges);
    this.irregularity = new Float64Array(this.half + 8);
    this.beats = new Float64Array(this.half + 8);
    // interval c (beats c -> c+1) is decided when beat c + H + 2 arrives
    this.openDelayBeats = o.minOnBeats + this.half + 1;
    this.closeDelayBeats = o.minOffBeats + this.half + 1;
    this.edgeRadiusBeats = this.edges ? this.edges.radius : 0;
  }

  /** Whether an AFIB episode is open (as of the beats decided so far). */
  get inEpisode(): boolean {
    return this.tracker.inEpisode;
  }

  /**
   * P-wave score of the beat pushed next (AtrialActivity.beat(): -1..1, NaN when unknown); each
   * push takes it and sets it back to NaN. P waves that repeat before the QRS over most of the
   * window veto AF however irregular the RR intervals are (sinus arrhythmia, atrial ectopy with
   * P waves); without scores the detector is RR-only. An input field rather than an argument of
   * pushBeat: V8 boxes a fractional argument on the heap for a call it does not inline, and
   * nothing is to be allocated per beat. Fractional values pass between the stages below in
   * fields (`measure()` then `median`), for the same reason.
   */
  nextPWave = Number.NaN;

  /**
   * Next beat: its sample index (from the stream start, at `sampleRate`), and when a beat
   * classifier runs its label ('V' and 'Q' beats are left out of the rhythm).
   */
  pushBeat(sample: number, label?: BeatLabel): void {
    const pWave = this.nextPWave;
    this.nextPWave = Number.NaN;
    if (!Number.isFinite(sample) || (this.beatCount > 0 && sample <= this.lastSample)) {
      throw new AfInputError(sample, this.lastSample);
    }
    if (this.beatCount > 0 && (sample - this.lastSample) / this.sampleRate > this.options.pauseRr) this.endSegment();
    const ring = this.beats;
    ring[this.beatCount % ring.length] = sample;
    this.beatCount++;
    if (this.beatCount >= 2) {
      if (this.rr.push(sample - this.lastSample, label)) this.onInterval();
      // the score belongs to the interval this beat ends, which RrIrregularity releases one beat later
      this.pendingPWave = pWave;
    }
    this.lastSample = sample;
  }

  /** End of stream: decide every pending interval, close any open episode, and start afresh. */
  flush(): void {
    this.endSegment();
    this.lastSample = Number.NaN;
  }

  /**
   * Ends the segment of beats so far as flush() ends a stream: a pause longer than pauseRr cuts
   * the rhythm in two, and what follows it is judged on its own intervals only.
   */
  private endSegment(): void {
    if (this.rr.flush()) this.onInterval();
    for (let j = 0; j < this.half; j++) {
      this.window.push(Number.NaN);
      this.noveltyWindow.push(Number.NaN);
      this.rrWindow.push(Number.NaN);
      this.pWaveWindow.push(Number.NaN);
      this.cosenWindow.push(Number.NaN);
      const c = this.released - this.half + j;
      if (c >= 0) this.decide(c);
    }
    this.tracker.finish();
    this.edges?.reset();
    this.rr.reset();
    this.window.reset();
    this.noveltyWindow.reset();
    this.rrWindow.reset();
    this.pWaveWindow.reset();
    this.cosenWindow.reset();
    this.pendingPWave = Number.NaN;
    this.beatCount = this.released = 0;
    this.af = false;
  }

  private onInterval(): void {
    this.irregularity[this.released % this.irregularity.length] = this.rr.outIrregularity;
    this.window.push(this.rr.outIrregularity);
    this.noveltyWindow.push(this.rr.outNovelty);
    this.rrWindow.push(this.rr.outIrregularity === this.rr.outIrregularity ? this.rr.outRr : Number.NaN);
    this.pWaveWindow.push(this.pendingPWave);
    // entropy is measured on the intervals as they come, ectopics included: how intervals follow
    // one another is what it judges, and the short-long pairs are part of that pattern
    const rr = this.rr.outRr;
    this.cosenWindow.push(rr >= this.options.minRr && rr <= this.options.maxRr ? rr : Number.NaN);
    const c = this.released++ - this.half;
    if (c >= 0) this.decide(c);
  }

  private decide(c: number): void {
    const o = this.options;
    this.window.measure(this.minValid);
    this.noveltyWindow.measure(this.minValid);
    this.pWaveWindow.measure(this.minValid);
    const score = this.window.median;
    const novelty = this.noveltyWindow.median;
    const pWave = this.pWaveWindow.median;
    if (o.cosenThreshold !== -Infinity) this.cosenWindow.measure(this.minValid);
    const cosen = o.cosenThreshold === -Infinity ? Infinity : this.cosenWindow.cosen;
    if (score === score && novelty === novelty && cosen === cosen) {
      // thresholds scaled by the window's median clean RR: whole at 60 bpm and slower,
      // fastThresholdFactor at 150 bpm and faster
      this.rrWindow.measure(this.minValid);
      const rr = this.rrWindow.median;
      const fast = o.fastThresholdFactor;
      const k = rr === rr ? fast + (1 - fast) * Math.min(1, Math.max(0, (rr - FAST_RR) / (SLOW_RR - FAST_RR))) : 1;
      this.scale = k;
      this.af = this.af
        ? score >= k * o.offThreshold && novelty >= k * this.noveltyOff && cosen >= o.cosenThreshold - COSEN_HYSTERESIS
        : score >= k * o.onThreshold && novelty >= k * o.noveltyThreshold && cosen >= o.cosenThreshold;
      if (pWave >= o.pWaveThreshold) this.af = false;
    }
    const ring = this.beats;
    const start = ring[c % ring.length];
    const end = ring[(c + 1) % ring.length];
    const validFraction = this.window.validCount() / this.window.size;
    const strength = score === score ? Math.min(1, score / (2 * o.onThreshold)) : 0.5;
    this.tracker.nextConfidence = Math.min(1, validFraction * 1.25) * strength;
    if (this.edges) {
      // interval c alone: regular where the window's P waves veto AF (organised atrial activity,
      // whatever the RR does), unknown where it was dropped as ectopic, else irregular from the on
      // bar at the window's rate (the bar the median must pass to turn AF). Worked out here, not in
      // a method: a fractional argument of a call V8 does not inline is boxed, once per beat.
      const irr = this.irregularity[c % this.irregularity.length];
      const kind = pWave >= o.pWaveThreshold ? INTERVAL_REGULAR : irr !== irr ? INTERVAL_UNKNOWN : irr >= this.scale * o.onThreshold ? INTERVAL_IRREGULAR : INTERVAL_REGULAR;
      this.edges.record(c, kind, start, end);
    }
    this.tracker.add(this.af, start, end, c);
  }
}

/**
 * Batch helper: the closed AFIB episodes of a whole beat series (sample indices, increasing),
 * with optional labels and P-wave scores (atrialScores) per beat.
 */
export function detectAf(
  beats: ArrayLike<number>,
  opts: AfDetectorOptions,
  labels?: ArrayLike<BeatLabel | undefined>,
  pWaves?: ArrayLike<number>,
): Episode[] {
  const out: Episode[] = [];
  const det = new AfDetector(opts, (ep, event) => {
    if (event === 'close') out.push({ ...ep });
  });
  for (let i = 0; i < beats.length; i++) {
    det.nextPWave = pWaves?.[i] ?? Number.NaN;
    det.pushBeat(beats[i], labels?.[i]);
  }
  det.flush();
  return out;
}
