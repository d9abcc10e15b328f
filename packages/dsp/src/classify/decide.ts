import type { BeatLabel } from '../rhythm/types.js';
import { MATCH_CORR } from './clusters.js';

/** What the rules look at for one beat. Times in seconds, ratios plain. */
export interface BeatFeatures {
  /** A dominant (normal) class with enough members exists. */
  hasDominant: boolean;
  /** The beat was put into the dominant class. */
  inDominant: boolean;
  /** Correlation of the beat with the dominant template, best alignment, -1..1. */
  corrDominant: number;
  /** QRS duration of the beat's class minus that of the dominant class, s. */
  widthDelta: number;
  /** The main deflection (in the dominant's main lead) points the other way. */
  flipped: boolean;
  /** Preceding RR over the patient's normal RR (NN mean, or the local median early on). */
  prematurity: number;
  /** Following RR over preceding RR (following capped at the look-ahead); > 1: a pause followed. */
  pauseRatio: number;
  /** Preceding RR, s (0 when unknown). */
  rrS: number;
  /** Preceding RR over the RR before it (0 when unknown): under 1 the beat came sooner than the last one did. */
  onsetRatio: number;
  /** The previous beat was itself timed like a supraventricular premature beat (prematureTiming or runTiming). */
  afterPremature: boolean;
  /** Morphology class of the beat (slot index, reused over time); -1 when unreadable. */
  cluster: number;
  /** Decayed member count of that class, and the share of those that came on time (0..1). */
  classWeight: number;
  onTimeShare: number;
  /** Share of the class's members that came on time at a normal rate (RR >= 0.6 s), 0..1. */
  normalRateShare: number;
  /** Significant turns of the beat window in its cleanest usable lead (noise index; clean QRS: 2-5). */
  turns: number;
  /** Median relative difference of successive NN intervals before the beat (rr-context.ts), 0..2. */
  nnIrregularity: number;
  /** Best correlation with an established class (clusters.ts ESTABLISHED_WEIGHT), -1..1; NaN when no class is established yet or the beat is unreadable. */
  corrEstablished: number;
  /**
   * Smallest, over the readable leads, of the beat window's peak-to-peak over the dominant
   * template's on that lead; NaN without a dominant class. A real beat shows on every lead about
   * as large as this heart's beats do there; noise on one lead does not reach the other.
   */
  leadPresence: number;
  /**
   * Largest, over the same leads, of that ratio, each lead's taken for the smaller of the beat and
   * its class's template; NaN without a dominant class. A QRS of any origin is about as large as
   * this heart's beats on some lead; a P wave is not on any.
   */
  leadSizeMax: number;
  /**
   * The beat is of the class its size is measured against: the dominant one, or while a detection
   * gap of asystole length has had no QRS-sized detection after it, the class dominant before it.
   */
  inSizeReference: boolean;
  /**
   * Best correlation, over the single readable leads, of the beat with the dominant template on that
   * lead alone, at about its size (clusters.ts dominantMatch); -1 where no lead matches in size, NaN
   * with one lead, without an established dominant class, or for a beat of an established class
   * (artefact.ts judges only young classes). High where a lead that went off or
   * flat spoils the two-lead shape but the other lead shows this heart's usual beat.
   */
  leadMatch: number;
  /**
   * Correlation of the beat's initial QRS (first INITIAL_QRS_S, from the dominant template's
   * onset, at the whole-beat alignment) with the dominant template's, -1..1; NaN without one.
   */
  corrInitial: number;
}

/**
 * Ventricular, by morphology: clearly unlike the patient's own normal beat and wider or of
 * opposite polarity. Correlation < 0.8 is far below the beat-to-beat variation of one focus
 * (> 0.9), and 20 ms wider is the smallest step a ventricular origin (cell-to-cell conduction,
 * QRS >= 120 ms against a normal 80-100 ms) makes. Very unlike (< 0.5) is ventricular whatever
 * the width: some PVCs are narrow on a band-limited lead. Width alone never makes V: a
 * bundle-branch-block patient's dominant beat is wide already.
 */
const V_CORR = 0.8;
const V_WIDER_S = 0.02;
const V_CORR_ALONE = 0.5;
/**
 * ...unless the beat's class is a second way of conducting sinus beats: most of its members
 * (>= 80 %) came on time at a normal rate (<= 100/min) and it has recurred (weight >= 10).
 * Intermittent pre-excitation (WPW), bundle-branch block and lead or posture changes do that;
 * ectopic foci fire early. On time at a tachycardia rate proves less: every beat of a regular
 * VT comes "on time" after its first few. A fast class (on time at a normal rate < 80 %) keeps
 * the exemption only while it still resembles the normal beat (correlation >= 0.5), as
 * supraventricular tachycardia with aberrant conduction does (svdb 865: 0.6-0.8); a very unlike
 * wide-complex tachycardia is VT until shown otherwise (the clinical rule). Any such class still
 * points the main QRS vector the same way (correlation > 0); a class anti-correlated with the
 * normal beat is activated from the other end of the ventricles, so an idioventricular rhythm
 * stays V.
 */
const NORMAL_CLASS_SHARE = 0.8;
const NORMAL_CLASS_WEIGHT = 10;
/**
 * Ventricular, by timing: a classic PVC is premature (RR < 90 % of normal) and followed by a
 * compensatory pause (next RR > 1.15 x this one), belongs to a class that mostly comes early
 * (< 50 % on time), and differs from the normal beat less strongly (correlation < 0.85): a
 * supraventricular premature beat keeps the normal QRS (correlation > 0.9).
 */
const TIMED_V_CORR = 0.85;
/**
 * The pause must also be (near) compensatory: a PVC leaves the sinus node undisturbed, so the
 * interval before plus the one after it span about two normal RR; an atrial premature beat resets
 * the node, and the next sinus beat comes about one normal RR later (the sum ~ prematurity + 1).
 * Under 1.5 normal RR the beat is at least 25 % short of compensatory (more than sinus
 * arrhythmia moves it): the timing then points to a supraventricular origin, and the beat - unlike
 * the normal one only moderately - is labelled N (neither V, nor S, which is read for beats that
 * keep the normal QRS). Chosen by leave-one-record-out on mitdb (21 of 22 folds chose 1.5 of
 * 1.4-1.8, one 1.6); svdb was not used.
 */
const TIMED_COMPENSATION = 1.5;
const TIMED_PREMATURE = 0.9;
const TIMED_PAUSE = 1.15;
const ECTOPIC_CLASS_SHARE = 0.5;
/**
 * Cannot judge (Q) a beat unlike the normal one when its window, in its cleanest lead, turns
 * 4 or more times: a QRS complex, normal or ventricular, turns 2-3 times at 15 % of its range,
 * muscle or electrode noise riding on it more. Not when the beat joined a class that has
 * recurred (weight >= 3 with it): matching an established template at correlation >= 0.9 shows
 * the complex under the noise (a run of VT in muscle noise), which random noise does not repeat.
 */
const NOISY_TURNS = 4;
const ESTABLISHED_CLASS_WEIGHT = 3;

/**
 * The detection's window turns like noise riding on it (NOISY_TURNS), and its shape has not
 * recurred (ESTABLISHED_CLASS_WEIGHT): nothing shows a complex under the noise.
 */
export function looksLikeNoise(f: Readonly<BeatFeatures>): boolean {
  return f.turns >= NOISY_TURNS && f.classWeight < ESTABLISHED_CLASS_WEIGHT;
}

/**
 * Nor a one-off odd beat (its class has < 3 members) that arrived on time with no pause after
 * it: an ectopic beat comes early or is followed by a pause; a lone on-time oddity is more
 * often an artefact.
 */
const LONE_CLASS_WEIGHT = 3;
/**
 * ...but a late, unlike beat (correlation < 0.5) whose first 40 ms are unrelated to the normal
 * beat's (initial correlation < 0.2) is V even alone and on time: the initial QRS vector is where
 * the activation starts, so a different one is a different origin (a late-coupled PVC or a
 * ventricular escape beat); electrode motion the detector takes for a beat rarely forms a
 * complex at all, and stays Q through the other tests (noisy turns, artefact.ts).
 */
const LONE_V_INITIAL_CORR = 0.2;
/**
 * Not V, whatever the rest of the complex does, when the first 40 ms of the QRS match the
 * normal beat's (initial correlation >= 0.96, the beat-to-beat agreement of one conduction
 * path) and the whole complex still resembles it (>= 0.5, same main vector): activation began
 * through the His-Purkinje system, and only its later part took another way - aberrant (bundle-
 * branch) conduction of a supraventricular beat, or fusion. A ventricular focus differs from the
 * start. Such a beat is labelled N rather than S: the S rule reads timing for beats that keep the
 * normal QRS, and these are split between aberrant S, fusion and late-looking PVCs.
 * Both initial-correlation bars were chosen by leave-one-record-out on mitdb (every fold chose
 * 0.96 of 0.90-0.99; 20 of 22 chose 0.2 of -0.4..0.4); svdb was not used.
 */
const INITIAL_SAME_CORR = 0.96;
/** Supraventricular premature: RR at most 87 % of the normal RR (the classic 10-15 % prematurity). */
const S_PREMATURE = 0.87;
/** ... and no shorter pause after it (an early beat followed by another early one is irregular rhythm). */
const S_PAUSE = 1.0;
/**
 * ...except inside a run of them (supraventricular tachycardia): the beats after the first come
 * as early as the first, each "followed by a shorter interval" half the time by jitter alone. A
 * run is allowed 10 % of jitter (S_RUN_PAUSE) where it starts abruptly (the beat's RR at most
 * S_ONSET of the interval before it, the same 13 % step as prematurity: sinus rhythm speeds up
 * over many beats, an ectopic focus takes over in one) or goes on regularly (the previous beat
 * was timed like an S and this interval is within 10 % of the last: SVT is regular, AF is not,
 * and AF's first seconds come before the NN irregularity veto has seen enough of it). On mitdb
 * this finds the SVTA runs of 207 and 209 that were labelled N.
 */
const S_RUN_PAUSE = 0.9;
const S_ONSET = 0.87;
/**
 * A run goes on only faster than 100/min (supraventricular tachycardia's own bound). A regular
 * chain of "premature" beats slower than that is far more often sinus rhythm that sped up while
 * the normal-RR reference, which learns from N beats only, stood still (svdb 800: hundreds of
 * beats at 65-80/min called S one after the other).
 */
const SVT_RR_S = 0.6;
/**
 * ...and only where the normal beats themselves are regular: successive NN intervals differ by at
 * most 5 % (median of the last 20). In an irregular rhythm (atrial fibrillation above all) every
 * short interval looks premature, and prematurity means nothing. Chosen by leave-one-record-out
 * on mitdb (every fold chose 0.05 of 0.04-0.20); svdb was not used.
 */
const S_MAX_IRREGULARITY = 0.05;

export function decideLabel(f: Readonly<BeatFeatures>): BeatLabel {
  if (!f.hasDominant) return 'Q';
  if (!f.inDominant && f.corrDominant < MATCH_CORR) {
    if (looksLikeNoise(f)) return 'Q';
    const early = f.prematurity > 0 && f.prematurity < TIMED_PREMATURE;
    const paused = f.pauseRatio > TIMED_PAUSE;
    const unlike = f.corrDominant < V_CORR_ALONE || (f.corrDominant < V_CORR && (f.widthDelta >= V_WIDER_S || f.flipped));
    const normalClass = f.onTimeShare >= NORMAL_CLASS_SHARE && f.classWeight >= NORMAL_CLASS_WEIGHT && f.corrDominant > 0 && (f.normalRateShare >= NORMAL_CLASS_SHARE || f.corrDominant >= V_CORR_ALONE);
    const timedShape = early && paused && f.corrDominant < TIMED_V_CORR && f.onTimeShare < ECTOPIC_CLASS_SHARE;
    const compensated = f.prematurity * (1 + f.pauseRatio) >= TIMED_COMPENSATION;
    if (timedShape && !compensated && !(unlike && !normalClass)) return 'N';
    const timed = timedShape && compensated;
    if ((unlike && !normalClass) || timed) {
      if (f.corrInitial >= INITIAL_SAME_CORR && f.corrDominant >= V_CORR_ALONE && !f.flipped) return 'N';
      const lone = f.classWeight < LONE_CLASS_WEIGHT && !early && !paused;
      const otherOrigin = f.corrDominant < V_CORR_ALONE && f.corrInitial < LONE_V_INITIAL_CORR;
      return lone && !otherOrigin ? 'Q' : 'V';
    }
  }
  if ((prematureTiming(f) || runTiming(f)) && f.nnIrregularity <= S_MAX_IRREGULARITY) return 'S';
  return 'N';
}

/**
 * Timed like a supraventricular premature beat (early, no shorter interval after it), whatever
 * the rhythm around it. Such beats stay out of the NN statistics even where irregularity vetoes
 * their S label: counting them as normal would make the rhythm look irregular because of them.
 *
 * Below 100/min the beat must also come a step (S_ONSET) sooner than the beat before it did: a
 * premature beat is abruptly early. A chain of equally short intervals slower than that is the
 * sinus rhythm at a new rate, which the normal-RR reference (learnt from N beats only) had not
 * caught up with; each beat of it was S, kept out of that reference, and so kept the next one S
 * (qtdb sele0203: 50 false S, now 7; svdb 800: 121, now 6). Faster chains are judged as runs
 * (runTiming). S Se / +P, before -> after: mitdb 74.58 / 68.02 -> 73.73 / 78.47, svdb (never
 * fitted on) 76.42 / 76.78 -> 75.09 / 82.08, qtdb (never fitted on) 69.43 / 59.37 -> 69.06 / 84.84.
 */
export function prematureTiming(f: Readonly<BeatFeatures>): boolean {
  const stepped = !(f.onsetRatio > S_ONSET) || f.rrS <= SVT_RR_S;
  return f.prematurity > 0 && f.prematurity < S_PREMATURE && f.pauseRatio >= S_PAUSE && stepped;
}

/**
 * Timed like a beat of a supraventricular run: premature, starting the run abruptly or going on
 * from a premature beat, with no clearly shorter interval after it. Only the label uses it; the NN
 * statistics still take such beats where they are labelled N (in AF, where irregularity vetoes
 * S): leaving out every short interval that follows a short one would make AF look regular.
 */
export function runTiming(f: Readonly<BeatFeatures>): boolean {
  if (!(f.prematurity > 0 && f.prematurity < S_PREMATURE) || f.pauseRatio < S_RUN_PAUSE) return false;
  const abrupt = f.onsetRatio > 0 && f.onsetRatio <= S_ONSET;
  const regularRun = f.afterPremature && f.rrS <= SVT_RR_S && f.onsetRatio >= S_RUN_PAUSE && f.onsetRatio <= 1 / S_RUN_PAUSE;
  return abrupt || regularRun;
}
