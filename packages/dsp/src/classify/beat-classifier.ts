import { QrsDetector } from '../qrs/detector.js';
import { checkRange } from '../filters/stream.js';
import type { BeatLabel } from '../rhythm/types.js';
import { ARTEFACT_SMALL_CLASS_WEIGHT, tooSmallForQrs } from './artefact.js';
import { BeatSignal } from './beat-signal.js';
import { MATCH_CORR, MorphologyClusters, SAME_BEAT_CORR } from './clusters.js';
import { decideLabel, prematureTiming, runTiming, type BeatFeatures } from './decide.js';
import { mainLead, peakToPeak, polarity, significantTurns } from './morphology.js';
import { RrContext } from './rr-context.js';

export interface BeatClassifierOptions {
  sampleRate: number; // Hz, 100..2000
  /** Leads pushed (1 or 2), the same as given to the QRS detector. Default 1. */
  leads?: 1 | 2;
  /**
   * Latest a beat is reported after its R peak, samples: the QRS detector's `delay`.
   * Default: the delay of a `QrsDetector` with the same rate and leads.
   */
  beatDelay?: number;
  /**
   * Gap between detections, s, over which a QRS's size is judged against the dominant class as it
   * was before the gap (features.leadSizeMax, inSizeReference) until a detection of QRS size comes;
   * the analyzer's ASYSTOLE threshold. Default Infinity: always against the dominant class now.
   */
  sizeReferenceGapS?: number;
}

/**
 * Receives each beat's label, in beat order. `features` says why (for logs, confidence and tests);
 * it is reused for the next beat, so copy what you keep.
 */
export type LabelSink = (sample: number, label: BeatLabel, features: Readonly<BeatFeatures>) => void;

/** Beat window around the R peak, s: the QRS and early ST, not the P or T wave. */
const PRE_S = 0.1;
const POST_S = 0.15;
/** Alignment search, s: the detector's mark may sit on another peak of a wide complex. */
const MARGIN_S = 0.04;
/**
 * Step of the second look, s. On a notched or two-lobed QRS (rSR', a notched lead III, bundle-branch
 * block) the detector's mark can jump between lobes from beat to beat by more than MARGIN_S (60 ms
 * on qtdb sele0133), and the same beats then look unlike the patient's normal one: 70 of its 840
 * normal beats were labelled V. A beat unlike the dominant class at its mark is read again this
 * much earlier and later, which with MARGIN_S covers lobes up to 100 ms apart.
 */
const LOOK_ELSEWHERE_S = 0.06;
/** Time waited for the next beat, s: shows the compensatory pause after a premature beat (up to 40 bpm). */
export const LOOKAHEAD_S = 1.6;
/** A lead whose window spans less than this (mV peak to peak) is flat: electrode off or saturated. */
const FLAT_MV = 0.05;
/** A turn counts when the signal swings back by this share of the window's range (15 %: above P and T ripple). */
const TURN_FRACTION = 0.15;
/**
 * RR from which a beat counts as at a normal rate for the choice of dominant class, s (100 bpm,
 * the VT rate limit): a fast regular wide rhythm must not become the patient's normal beat.
 */
const NORMAL_RATE_RR_S = 0.6;
/** QRS widening from which a class looks ventricular next to the dominant one, s (decide.ts V_WIDER_S). */
const WIDER_S = 0.02;
/**
 * Initial QRS portion compared with the normal beat's, s (decide.ts INITIAL_SAME_CORR and
 * LONE_V_INITIAL_CORR): septal and early free-wall activation. Aberrant conduction (a bundle-branch
 * block) changes the QRS only after it; an ectopic ventricular origin changes it from the start.
 * 5 samples at 128 Hz, 14 at 360 Hz.
 */
const INITIAL_QRS_S = 0.04;
/** Members the dominant class needs before labels mean anything; until then beats are Q. */
const MIN_DOMINANT = 3;
/** Beats waiting for their label: more than fit in the delay at 300 bpm. Doubles if a caller
 *  hands over beats far ahead of the samples (one huge chunk to the detector first). */
const QUEUE = 64;
/** Samples filtered at a time. */
const BLOCK = 256;

/**
 * Streaming beat labeller (N, S, V, Q; AAMI classes). Push the same sample chunks as to the
 * QRS detector — after pushing them to the detector, so that its beats arrive first — and hand
 * it every beat the detector reports (`addBeat`). `onLabel(sample, label)` is called for each
 * beat, in order, exactly `delay` samples after the beat's R peak: the detector's delay plus
 * `LOOKAHEAD_S`, so the following RR interval is known. Labels do not depend on chunk sizes.
 */
export class BeatClassifier {
  readonly sampleRate: number;
  readonly leads: 1 | 2;
  /** Samples from an R peak to the call that labels it. */
  readonly delay: number;
  private readonly onLabel: LabelSink;
  private readonly signal: BeatSignal;
  private readonly clusters: MorphologyClusters;
  private readonly rr = new RrContext();
  private finiteLeads = 0; // leads whose samples in the last beat window were all finite (bit per lead)
  private readonly features: BeatFeatures = {
    hasDominant: false,
    inDominant: false,
    corrDominant: 0,
    widthDelta: 0,
    flipped: false,
    prematurity: 0,
    pauseRatio: 1,
    rrS: 0,
    onsetRatio: 0,
    afterPremature: false,
    cluster: -1,
    classWeight: 0,
    onTimeShare: 0,
    normalRateShare: 0,
    turns: 0,
    nnIrregularity: 0,
    corrEstablished: Number.NaN,
    leadPresence: Number.NaN,
    leadSizeMax: Number.NaN,
    inSizeReference: false,
    leadMatch: Number.NaN,
    corrInitial: Number.NaN,
  };
  private readonly pre: number;
  private readonly width: number;
  private readonly margin: number;
  private readonly lookAhead: number;
  private readonly normalRateRr: number; // samples
  private readonly window: Float64Array;
  private readonly other: Float64Array; // the window read again at a shifted mark (lookElsewhere)
  private readonly lookStep: number; // samples (LOOK_ELSEWHERE_S)
  private queue = new Float64Array(QUEUE);
  private head = 0; // index of the oldest waiting beat
  private count = 0; // beats waiting
  private prevSample = -1;
  private prevNormal = false; // the previous beat was N and not timed like a premature one
  private prevRr = 0; // samples: the interval that ended the previous beat (0: none)
  /**
   * Median of the recent RR intervals at the beat being classified, samples. A field rather than
   * an argument of describe(): V8 boxes a fractional argument on the heap for a call it does not
   * inline, and this runs for every beat.
   */
  private medianRr = 0;
  private prevPremature = false; // the previous beat was timed like a supraventricular premature one
  private readonly sizeGap: number; // samples (sizeReferenceGapS)
  /** Dominant class before the last detection gap of sizeGap, while no QRS-sized detection has followed; -1: none held. */
  private sizeClass = -1;
  private readonly sizeUsual: Float64Array; // per lead: that class's template peak to peak then, mV

  constructor(opts: BeatClassifierOptions, onLabel: LabelSink) {
    const { sampleRate } = opts;
    if (!(sampleRate >= 100 && sampleRate <= 2000)) {
      throw new RangeError(`BeatClassifier: sampleRate must be between 100 and 2000 Hz, got ${sampleRate}`);
    }
    const leads = opts.leads ?? 1;
    if (leads !== 1 && leads !== 2) throw new RangeError(`BeatClassifier: leads must be 1 or 2, got ${String(leads)}`);
    const beatDelay = opts.beatDelay ?? new QrsDetector({ sampleRate, leads }, () => {}).delay;
    if (!(Number.isInteger(beatDelay) && beatDelay >= 0)) {
      throw new RangeError(`BeatClassifier: beatDelay must be an integer >= 0 samples, got ${beatDelay}`);
    }
    this.sampleRate = sampleRate;
    this.leads = leads;
    this.onLabel = onLabel;
    this.pre = Math.round(PRE_S * sampleRate);
    this.width = this.pre + Math.round(POST_S * sampleRate) + 1;
    this.margin = Math.round(MARGIN_S * sampleRate);
    this.lookAhead = Math.round(LOOKAHEAD_S * sampleRate);
    this.delay = beatDelay + this.lookAhead;
    this.lookStep = Math.round(LOOK_ELSEWHERE_S * sampleRate);
    const history = this.delay + this.pre + this.margin + this.lookStep + 1;
    this.signal = new BeatSignal(sampleRate, leads, history, BLOCK);
    this.clusters = new MorphologyClusters(leads, this.width, this.margin, Math.round(WIDER_S * sampleRate), Math.round(INITIAL_QRS_S * sampleRate));
    this.normalRateRr = Math.round(NORMAL_RATE_RR_S * sampleRate);
    this.window = new Float64Array(leads * (this.width + 2 * this.margin));
    this.other = new Float64Array(this.window.length);
    const gapS = opts.sizeReferenceGapS ?? Number.POSITIVE_INFINITY;
    if (!(gapS > 0)) throw new RangeError(`BeatClassifier: sizeReferenceGapS must be > 0 s, got ${gapS}`);
    this.sizeGap = gapS * sampleRate;
    this.sizeUsual = new Float64Array(leads);
  }

  /** Next samples (mV) of each lead, `[offset, offset + length)` of arrays of equal lengths. */
  push(lead0: ArrayLike<number>, lead1?: ArrayLike<number>, offset = 0, length = lead0.length - offset): void {
    if (this.leads === 2 && (!lead1 || lead1.length !== lead0.length)) {
      throw new RangeError('BeatClassifier: two leads were configured; push both with equal lengths');
    }
    checkRange('BeatClassifier', lead0.length, offset, length);
    const end = offset + length;
    for (let off = offset; off < end; off += BLOCK) {
      const len = Math.min(BLOCK, end - off);
      this.signal.write(0, lead0, off, len);
      if (this.leads === 2) this.signal.write(1, lead1 as ArrayLike<number>, off, len);
      this.signal.advance(len);
      this.labelDue(this.signal.processed - 1 - this.delay);
    }
  }

  /** A beat's R-peak sample, as the QRS detector reports it (increasing). */
  addBeat(sample: number): void {
    if (!Number.isInteger(sample) || sample <= this.lastQueued()) return; // out of order: ignore
    if (this.count === this.queue.length) this.growQueue();
    this.queue[(this.head + this.count) % this.queue.length] = sample;
    this.count++;
    this.labelDue(this.signal.processed - 1 - this.delay);
  }

  /** End of the stream: labels every waiting beat with what is known (no further beats). */
  flush(): void {
    this.labelDue(Number.POSITIVE_INFINITY);
  }

  private lastQueued(): number {
    return this.count > 0 ? this.queue[(this.head + this.count - 1) % this.queue.length] : this.prevSample;
  }

  private growQueue(): void {
    const bigger = new Float64Array(2 * this.queue.length);
    for (let i = 0; i < this.count; i++) bigger[i] = this.queue[(this.head + i) % this.queue.length];
    this.queue = bigger;
    this.head = 0;
  }

  private labelDue(upTo: number): void {
    while (this.count > 0 && this.queue[this.head] <= upTo) this.labelOldest();
  }

  private labelOldest(): void {
    const s = this.queue[this.head];
    this.head = (this.head + 1) % this.queue.length;
    this.count--;
    const next = this.count > 0 ? this.queue[this.head] : Number.POSITIVE_INFINITY;
    const label = this.classify(s, next);
    this.onLabel(s, label, this.features);
  }

  private classify(s: number, next: number): BeatLabel {
    const rrPrev = this.prevSample >= 0 ? s - this.prevSample : 0;
    const rrNext = Math.min(next - s, this.lookAhead);
    const median = this.rr.median();
    this.medianRr = median;
    const mask = this.readWindow(s, this.window);
    this.features.turns = this.turns(mask);
    let label: BeatLabel = 'Q';
    this.features.cluster = -1;
    this.features.corrEstablished = Number.NaN;
    this.features.leadPresence = Number.NaN;
    this.features.leadSizeMax = Number.NaN;
    this.features.inSizeReference = false;
    if (rrPrev >= this.sizeGap) this.holdSizeReference();
    this.features.leadMatch = Number.NaN;
    this.features.corrInitial = Number.NaN;
    if (mask !== 0) {
      const onTime = !(median > 0 && rrPrev > 0 && rrPrev < 0.9 * median);
      const slow = rrPrev === 0 || rrPrev >= this.normalRateRr;
      const c = this.clusters.assign(this.window, mask, onTime, slow);
      const f = this.describe(c, rrPrev, rrNext);
      if (!f.inDominant && f.corrDominant < MATCH_CORR) this.lookElsewhere(s, mask, f);
      label = decideLabel(f);
      this.leadSizes(this.finiteLeads);
      this.leadMatch(this.finiteLeads);
      if (this.sizeClass >= 0 && !tooSmallForQrs(this.features)) this.sizeClass = -1;
    }
    const premature = mask !== 0 && prematureTiming(this.features);
    if (rrPrev > 0) {
      this.rr.add(rrPrev);
      const normal = label === 'N' && !premature;
      if (normal && this.prevNormal) this.rr.addNormal(rrPrev);
      else this.rr.addOther();
      this.prevNormal = normal;
    }
    this.prevSample = s;
    this.prevRr = rrPrev;
    this.prevPremature = premature || (mask !== 0 && runTiming(this.features));
    return label;
  }

  /**
   * Copies the window of the beat marked at `s` into `out`; returns the mask of readable, non-flat
   * leads and keeps the mask of all-finite ones in `finiteLeads`.
   */
  private readWindow(s: number, out: Float64Array): number {
    const span = this.width + 2 * this.margin;
    const from = s - this.pre - this.margin;
    let mask = 0;
    let finite = 0;
    for (let l = 0; l < this.leads; l++) {
      if (!this.signal.read(l, from, span, out, l * span)) continue;
      finite |= 1 << l;
      let lo = Infinity, hi = -Infinity;
      for (let i = l * span; i < (l + 1) * span; i++) {
        const v = out[i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo >= FLAT_MV) mask |= 1 << l;
    }
    this.finiteLeads = finite;
    return mask;
  }

  /**
   * A beat unlike the dominant class at its mark is read again LOOK_ELSEWHERE_S earlier and later; where
   * it then matches the dominant template closely (clusters.ts dominantMatch), it is the patient's
   * normal beat marked on another lobe, and is judged with that correlation and no flip. Its class
   * stays as it was: two classes of one shape at two marks are both this heart's normal beat, and
   * re-registering the beats instead let a dominant class founded on the rarer mark take the
   * others in (mitdb 114 on its V5 lead alone: 30 -> 113 false V).
   */
  private lookElsewhere(s: number, mask: number, f: BeatFeatures): void {
    const finite = this.finiteLeads;
    for (let dir = -1; dir <= 1; dir += 2) {
      if (this.readWindow(s + dir * this.lookStep, this.other) !== mask) continue;
      const corr = this.clusters.dominantMatch(this.other, mask);
      if (corr >= SAME_BEAT_CORR) {
        f.corrDominant = corr;
        f.flipped = false;
        break;
      }
    }
    this.finiteLeads = finite;
  }

  /** Significant turns of the beat window in its cleanest usable lead (noise index). */
  private turns(mask: number): number {
    const span = this.width + 2 * this.margin;
    let turns = Infinity;
    for (let l = 0; l < this.leads; l++) {
      if (mask & (1 << l)) turns = Math.min(turns, significantTurns(this.window, l * span, span, TURN_FRACTION));
    }
    return Number.isFinite(turns) ? turns : 0;
  }

  /**
   * Smallest and largest ratio, over the leads with samples (flat ones too: a lead gone flat under
   * a detection the other lead shows is the point), of the beat window's peak-to-peak to the
   * dominant template's, into features.leadPresence and leadSizeMax (NaN without one); and whether
   * the beat is of the class its size is judged against (inSizeReference). While the class that
   * was dominant before a detection gap is held (holdSizeReference) and another has become dominant
   * since, leadSizeMax is against the held class as it was.
   *
   * leadSizeMax takes, on each lead, the smaller of the detection and its own class's template: a
   * class takes in members up to 1.6 times its average (clusters.ts MATCH_AMPLITUDE), so a P wave
   * that rides higher than the others (on wander, on breathing) can cross QRS_LEAST_SIZE alone
   * while its class stays under it. mitdb 106's P waves in 5 minutes of ventricular standstill
   * (bench rhythm --parts asystole) read 0.46-0.61 of its QRS one by one, and the one at 0.61 ended
   * the ASYSTOLE at 44.9 s; judged with their class they stay under the bar. A class that grows
   * (post-shock beats that begin small) crosses it a few members after its largest beat would have.
   */
  private leadSizes(mask: number): void {
    const k = this.clusters;
    const d = k.dominant;
    const f = this.features;
    if (d < 0) return;
    const held = this.sizeClass >= 0 && this.sizeClass !== d;
    f.inSizeReference = f.cluster === (held ? this.sizeClass : d);
    const span = this.width + 2 * this.margin;
    for (let l = 0; l < this.leads; l++) {
      if ((mask & (1 << l)) === 0) continue;
      const beat = peakToPeak(this.window, l * span, span);
      const usual = this.templateSize(d, l);
      if (usual > 0 && !(beat / usual >= f.leadPresence)) f.leadPresence = beat / usual;
      const ref = held ? this.sizeUsual[l] : usual;
      if (!(ref > 0)) continue;
      const own = f.cluster >= 0 ? this.templateSize(f.cluster, l) : beat;
      const size = Math.min(beat, own) / ref;
      if (!(size <= f.leadSizeMax)) f.leadSizeMax = size;
    }
  }

  /**
   * A detection came after a gap of sizeReferenceGapS: the class dominant now is what a QRS is
   * measured against until a detection of QRS size ends the gap. Over minutes of ventricular
   * standstill the detections are the P waves, which form a class of their own and in time outnumber
   * the old beats and become dominant: measured against themselves they would read QRS-sized and
   * end the asystole while the ventricles are still stopped (48-249 s into 5 minutes of 0.2-mV P
   * waves on 18 of the 22 records of bench rhythm --parts asystole; held to the end with this).
   *
   * Every gap takes the class dominant at its moment, even inside a held one. A reference kept from
   * an older gap could be stale for good: after an electrode off for seconds and put back where the
   * QRS is under 0.6 of its old size, no detection would ever end the hold, and at the next real
   * pause the returning beats would be read as too small. The price: P waves that become the normal
   * class and then leave a detection gap of their own are measured against themselves again.
   */
  private holdSizeReference(): void {
    const d = this.clusters.dominant;
    this.sizeClass = d;
    if (d < 0) return;
    for (let l = 0; l < this.leads; l++) this.sizeUsual[l] = this.templateSize(d, l);
  }

  /** Peak to peak of class `cls`'s template on lead `lead`, mV. */
  private templateSize(cls: number, lead: number): number {
    return peakToPeak(this.clusters.templates, (cls * this.leads + lead) * this.width, this.width);
  }

  /**
   * Best single-lead match with the dominant template into features.leadMatch (NaN with one lead);
   * written there rather than returned, for the boxing reason given at clusters.matchDominant.
   * Measured only for a beat of a young class: the artefact rules, its one reader, judge no other
   * (classify/artefact.ts), so an established beat costs no extra alignment.
   */
  private leadMatch(mask: number): void {
    const f = this.features;
    f.leadMatch = Number.NaN;
    if (this.leads < 2 || this.clusters.dominant < 0 || !(f.classWeight < ARTEFACT_SMALL_CLASS_WEIGHT)) return;
    for (let l = 0; l < this.leads; l++) {
      if ((mask & (1 << l)) === 0) continue;
      this.clusters.matchDominant(this.window, 1 << l);
      if (!(this.clusters.match <= f.leadMatch)) f.leadMatch = this.clusters.match;
    }
  }

  private describe(c: number, rrPrev: number, rrNext: number): BeatFeatures {
    const k = this.clusters;
    const d = k.dominant;
    const f = this.features;
    f.hasDominant = d >= 0 && k.members[d] >= MIN_DOMINANT;
    f.inDominant = c === d;
    f.cluster = c;
    f.classWeight = k.weight[c];
    f.onTimeShare = k.weight[c] > 0 ? k.onTime[c] / k.weight[c] : 0;
    f.normalRateShare = k.weight[c] > 0 ? k.slowOnTime[c] / k.weight[c] : 0;
    f.corrDominant = d >= 0 ? k.corr[d] : 0;
    f.widthDelta = d >= 0 ? (k.duration[c] - k.duration[d]) / this.sampleRate : 0;
    f.flipped = false;
    if (d >= 0 && c !== d) {
      const stride = this.leads * this.width;
      const lead = mainLead(k.templates, d * stride, this.leads, this.width);
      f.flipped = polarity(k.templates, c * stride, lead, this.width) !== polarity(k.templates, d * stride, lead, this.width);
    }
    const normal = this.rr.nnMean > 0 ? this.rr.nnMean : this.medianRr;
    f.prematurity = normal > 0 && rrPrev > 0 ? rrPrev / normal : 0;
    f.pauseRatio = rrPrev > 0 ? rrNext / rrPrev : 1;
    f.rrS = rrPrev / this.sampleRate;
    f.onsetRatio = rrPrev > 0 && this.prevRr > 0 ? rrPrev / this.prevRr : 0;
    f.afterPremature = this.prevPremature;
    f.nnIrregularity = this.rr.nnIrregularity();
    f.corrEstablished = k.corrEstablished;
    f.corrInitial = k.corrInitial;
    return f;
  }
}
