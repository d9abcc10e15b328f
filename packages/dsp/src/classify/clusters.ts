import { alignTemplate, newAlignment, peakToPeak, segmentCorr, slopeDuration, slopeOnset, steepestSlope } from './morphology.js';

/** Slots for morphology classes: dominant, a few ectopic foci, fusion and noise. */
export const CLUSTER_CAPACITY = 8;
/** A beat joins a class when it correlates at least this well (both leads jointly)... */
export const MATCH_CORR = 0.9;
/**
 * Correlation with the dominant template from which a beat read at a shifted mark is the dominant
 * beat (BeatClassifier lookElsewhere): 0.95, above MATCH_CORR, so that only the patient's own
 * beat, not an ectopic one of similar shape, passes.
 */
export const SAME_BEAT_CORR = 0.95;
/** ...and its RMS amplitude is within this factor of the template's (breathing moves it ±30 %). */
const MATCH_AMPLITUDE = 1.6;
/** Per-beat forgetting of class weights: a memory of ~300 beats (about 5 minutes). */
const DECAY = 1 - 1 / 300;
/** Templates average the last ~16 member beats: noise falls by 4, slow changes are followed. */
const MAX_AVERAGED = 16;
/** A new dominant class must outweigh the current one by this factor (no flip-flopping). */
const SWITCH_FACTOR = 1.3;
/**
 * A challenger that looks ventricular next to the current dominant class (its beats correlate
 * below this with the dominant template, or its QRS is `widerSamples` wider) must win on beats
 * that came on time at a normal rate (`slow`): sustained VT is regular, so its beats come "on
 * time", and would otherwise become the normal template within seconds (then labelled N or S,
 * ending the VT alarm while it goes on). A slow wide rhythm (AIVR, a new bundle-branch block at
 * a normal rate) can still take over, as before, once it outweighs the old one.
 */
const VENTRICULAR_CORR = 0.5;
/**
 * A challenger whose template is more than this many times the dominant template's peak-to-peak
 * on some lead does not become the reference of normal while the dominant class is still
 * established (ESTABLISHED_WEIGHT): a heart's normal beat does not triple in size from one minute
 * to the next, electrode motion does. Two minutes of nstdb's motion at -6 dB on mitdb 203 made a
 * class of 12-mV humps (the QRS is 2 mV) dominant for 90 s past the noise's end; every real beat
 * then read as "absent from a lead" (classify/artefact.ts) and a false urgent PAUSE was raised in
 * clean signal. Every switch of dominant class in the clean shared mitdb, svdb and qtdb records,
 * and under that motion at 6, 0 and -6 dB on the 14 records of bench/rhythm/noise-em.ts and 203,
 * grew the template by 2.0 or less, but for that one: 7.5-fold.
 * Once the old class has faded (minutes without a member), a larger class may take over: a
 * device's gain or an electrode's place can change for good.
 * Motion's humps are slow: their steepest slope grew less than their size (203: 7.5-fold in size,
 * 4.9-fold in slope). A larger class that is also as much sharper is a QRS, and the guard lets it
 * through: cudb cu35, where the "normal" class had formed on low-amplitude activity (0.3-0.5 mV)
 * read as beats between rare escape complexes, and the patient's real QRS came back 7.7 times
 * their size and 14.8 times as steep. Held there, every real beat of the next three minutes read
 * V and made VT alarms.
 */
export const MAX_DOMINANT_GROWTH = 3;
/**
 * Decayed member weight from which a class counts as established (a morphology this heart has
 * shown repeatedly in the last minutes): what a beat is compared with to tell beat from artefact.
 */
export const ESTABLISHED_WEIGHT = 3;

/**
 * The patient's own beat morphologies, clustered online. Each class keeps a template (running
 * average of its aligned members), a decayed member weight, and a decayed count of members that
 * arrived on time (not premature). The dominant class, the reference for "normal", is the one
 * with most on-time members: in bigeminy half the beats are ventricular, but those come early,
 * so the sinus class still wins; a run of ventricular tachycardia must last minutes to win.
 */
export class MorphologyClusters {
  readonly leads: number;
  readonly width: number; // samples per lead in a template
  readonly margin: number; // samples of alignment search on each side
  readonly templates: Float64Array;
  readonly weight = new Float64Array(CLUSTER_CAPACITY);
  readonly onTime = new Float64Array(CLUSTER_CAPACITY);
  /** Decayed count of members that came on time at a normal rate (see VENTRICULAR_CORR). */
  readonly slowOnTime = new Float64Array(CLUSTER_CAPACITY);
  readonly members = new Int32Array(CLUSTER_CAPACITY);
  readonly duration = new Float64Array(CLUSTER_CAPACITY); // QRS duration of the template, samples
  /** Correlation and amplitude ratio of the last assigned beat against every class. */
  readonly corr = new Float64Array(CLUSTER_CAPACITY);
  readonly amplitude = new Float64Array(CLUSTER_CAPACITY);
  /**
   * Result of the last matchDominant, -1..1 (-1: no established dominant, or not its size); NaN
   * before the first, which also makes the field a double from the start.
   */
  match = Number.NaN;
  /**
   * Best correlation of the last assigned beat with an established class (weight >= 3 before
   * it came), NaN when there is none: a real beat resembles a morphology the heart has shown
   * before; electrode-motion artefact the QRS detector takes for a beat does not.
   */
  corrEstablished = Number.NaN;
  /**
   * Correlation of the last assigned beat's first `initialSamples` of QRS with the dominant
   * template's, at the whole-beat alignment; NaN without a dominant class. Aberrant
   * supraventricular conduction keeps the normal initial activation vector; a ventricular
   * focus starts elsewhere.
   */
  corrInitial = Number.NaN;
  readonly onset = new Int32Array(CLUSTER_CAPACITY); // QRS onset of the template, samples from its start
  dominant = -1;
  private readonly shift = new Int32Array(CLUSTER_CAPACITY);
  private readonly align = newAlignment();
  private readonly result = new Float64Array(1); // out[0] of segmentCorr
  private readonly scratch: Float64Array;

  constructor(
    leads: number,
    width: number,
    margin: number,
    /** QRS widening (samples) from which a challenger looks ventricular; default: never by width. */
    private readonly widerSamples = Infinity,
    /** Length of the initial QRS portion compared by `corrInitial`, samples. */
    private readonly initialSamples = 0,
  ) {
    this.leads = leads;
    this.width = width;
    this.margin = margin;
    this.templates = new Float64Array(CLUSTER_CAPACITY * leads * width);
    this.scratch = new Float64Array(width);
  }

  /**
   * Puts a beat window (`leads` × (width + 2·margin)) into its class, updating that class and
   * the choice of dominant. `onTime`: the beat was not premature; `slow`: on time at a normal
   * rate (not tachycardia). Returns the class index.
   */
  assign(beat: Float64Array, leadMask: number, onTime: boolean, slow = onTime): number {
    const stride = this.leads * this.width;
    let best = -1;
    let bestCorr = -Infinity;
    this.corrEstablished = Number.NaN;
    this.corrInitial = Number.NaN;
    for (let c = 0; c < CLUSTER_CAPACITY; c++) {
      this.corr[c] = -1;
      this.amplitude[c] = 0;
      if (this.members[c] === 0) continue;
      alignTemplate(beat, this.templates, c * stride, this.leads, this.width, this.margin, leadMask, this.align);
      this.corr[c] = this.align.corr;
      if (this.weight[c] >= ESTABLISHED_WEIGHT && !(this.align.corr <= this.corrEstablished)) this.corrEstablished = this.align.corr;
      this.amplitude[c] = this.align.amplitude;
      this.shift[c] = this.align.shift;
      if (c === this.dominant) {
        segmentCorr(beat, this.templates, c * stride, this.leads, this.width, this.margin, leadMask, this.align.shift, this.onset[c], this.initialSamples, this.result);
        this.corrInitial = this.result[0];
      }
      const a = this.align.amplitude;
      if (this.align.corr >= MATCH_CORR && a * MATCH_AMPLITUDE >= 1 && a <= MATCH_AMPLITUDE && this.align.corr > bestCorr) {
        best = c;
        bestCorr = this.align.corr;
      }
    }
    for (let c = 0; c < CLUSTER_CAPACITY; c++) {
      this.weight[c] *= DECAY;
      this.onTime[c] *= DECAY;
      this.slowOnTime[c] *= DECAY;
    }
    if (best < 0) best = this.create(beat, leadMask);
    else this.update(best, beat, leadMask);
    this.weight[best] += 1;
    if (onTime) this.onTime[best] += 1;
    if (onTime && slow) this.slowOnTime[best] += 1;
    this.chooseDominant();
    return best;
  }

  /**
   * Correlation of a beat window with the established dominant template at its best alignment,
   * when the beat is also of the dominant's amplitude (as a class member must be); -1 otherwise.
   * Leaves the classes as they are.
   */
  dominantMatch(beat: Float64Array, leadMask: number): number {
    this.matchDominant(beat, leadMask);
    return this.match;
  }

  /**
   * dominantMatch into the `match` field: the classifier calls it for every beat, and a fractional
   * number returned by a call V8 does not inline is boxed on the heap.
   */
  matchDominant(beat: Float64Array, leadMask: number): void {
    this.match = -1;
    const d = this.dominant;
    if (d < 0 || this.weight[d] < ESTABLISHED_WEIGHT) return;
    alignTemplate(beat, this.templates, d * this.leads * this.width, this.leads, this.width, this.margin, leadMask, this.align);
    const a = this.align.amplitude;
    if (a * MATCH_AMPLITUDE >= 1 && a <= MATCH_AMPLITUDE) this.match = this.align.corr;
  }

  private create(beat: Float64Array, leadMask: number): number {
    let slot = -1;
    for (let c = 0; c < CLUSTER_CAPACITY && slot < 0; c++) if (this.members[c] === 0) slot = c;
    if (slot < 0) {
      let least = Infinity;
      for (let c = 0; c < CLUSTER_CAPACITY; c++) {
        if (c !== this.dominant && this.weight[c] < least) {
          least = this.weight[c];
          slot = c;
        }
      }
    }
    const span = this.width + 2 * this.margin;
    const t0 = slot * this.leads * this.width;
    for (let l = 0; l < this.leads; l++) {
      const usable = (leadMask & (1 << l)) !== 0;
      for (let i = 0; i < this.width; i++) {
        this.templates[t0 + l * this.width + i] = usable ? beat[l * span + this.margin + i] : 0;
      }
    }
    this.members[slot] = 1;
    this.weight[slot] = 0;
    this.onTime[slot] = 0;
    this.slowOnTime[slot] = 0;
    this.corr[slot] = 1;
    this.amplitude[slot] = 1;
    this.duration[slot] = slopeDuration(this.templates, t0, this.leads, this.width, this.scratch);
    this.onset[slot] = slopeOnset(this.templates, t0, this.leads, this.width);
    return slot;
  }

  private update(c: number, beat: Float64Array, leadMask: number): void {
    const span = this.width + 2 * this.margin;
    const t0 = c * this.leads * this.width;
    const k = this.shift[c];
    this.members[c]++;
    const rate = 1 / Math.min(this.members[c], MAX_AVERAGED);
    for (let l = 0; l < this.leads; l++) {
      if ((leadMask & (1 << l)) === 0) continue;
      for (let i = 0; i < this.width; i++) {
        const j = t0 + l * this.width + i;
        this.templates[j] += rate * (beat[l * span + k + i] - this.templates[j]);
      }
    }
    this.duration[c] = slopeDuration(this.templates, t0, this.leads, this.width, this.scratch);
    this.onset[c] = slopeOnset(this.templates, t0, this.leads, this.width);
  }

  /**
   * Largest ratio, over the leads, of `measure` on class b's template to the same on class a's
   * (peakToPeak: growth in size; steepestSlope: in slope).
   */
  private largestRatio(a: number, b: number, measure: (x: Float64Array, from: number, n: number) => number): number {
    const stride = this.leads * this.width;
    let most = 0;
    for (let l = 0; l < this.leads; l++) {
      const ma = measure(this.templates, a * stride + l * this.width, this.width);
      const mb = measure(this.templates, b * stride + l * this.width, this.width);
      if (ma > 0 && mb / ma > most) most = mb / ma;
    }
    return most;
  }

  /** Class b is over MAX_DOMINANT_GROWTH times class a's size and blunter than it (see there). */
  private grewLikeMotion(a: number, b: number): boolean {
    const growth = this.largestRatio(a, b, peakToPeak);
    return growth > MAX_DOMINANT_GROWTH && this.largestRatio(a, b, steepestSlope) < growth;
  }

  private chooseDominant(): void {
    let best = -1;
    for (let c = 0; c < CLUSTER_CAPACITY; c++) {
      if (this.members[c] > 0 && (best < 0 || this.onTime[c] > this.onTime[best])) best = c;
    }
    const cur = this.dominant;
    if (cur < 0 || this.members[cur] === 0) {
      this.dominant = best;
      return;
    }
    if (best === cur || !(this.onTime[best] > SWITCH_FACTOR * this.onTime[cur])) return;
    if (this.weight[cur] >= ESTABLISHED_WEIGHT && this.grewLikeMotion(cur, best)) return;
    // corr[] holds the last beat's correlation with each class: it has just joined `best`
    const ventricular = this.corr[cur] < VENTRICULAR_CORR || this.duration[best] >= this.duration[cur] + this.widerSamples;
    if (!ventricular || this.slowOnTime[best] > SWITCH_FACTOR * this.slowOnTime[cur]) this.dominant = best;
  }
}
