import type { BeatFeatures } from './decide.js';

/**
 * Is a QRS detection noise rather than a beat? Two kinds of evidence, each for a detection whose
 * shape has not recurred (ARTEFACT_MAX_CLASS_WEIGHT; for some, hardly: ARTEFACT_SMALL_CLASS_WEIGHT):
 * - its shape: unlike every established class and smooth (electrode motion on both leads);
 * - its leads: one lead that shows this heart's beats shows nothing there (noise on one lead).
 *
 * A detection resembles no morphology this heart has established when its best correlation with
 * an established class is below this. One focus repeats at > 0.9, and real beats seen through
 * electrode-motion noise at 6 dB SNR stay above ~0.85; the motion humps the QRS detector takes
 * for beats inside a pause score 0.2-0.6.
 */
export const ARTEFACT_CORR = 0.5;
/**
 * ...and is smooth: at most this many significant turns. Electrode motion is a slow single hump
 * (1-2 turns); a real beat drowned in muscle noise, which also correlates poorly, is jagged
 * (6-18 turns), and a clean QRS makes 2-5.
 */
export const ARTEFACT_MAX_TURNS = 2;

/**
 * Either way its shape has not recurred: its class weight (members, decayed over ~5 min) stays
 * under this, so it is the first of its kind. A wide ventricular escape or idioventricular rhythm is
 * smooth and unlike the sinus beat too, but its beats repeat one shape and join one class from
 * the second beat on; motion humps differ from each other.
 */
export const ARTEFACT_MAX_CLASS_WEIGHT = 1.5;

/**
 * Motion humps can resemble each other (smooth shapes correlate easily) and so start a class of
 * their own, which the weight condition above then spares from the second hump on: inside a
 * pause in nstdb's electrode motion at 6 dB, a run of humps a second apart formed one class.
 * Until its weight reaches this, a smooth new-shaped class is still set aside when it is also
 * smaller than this heart's beats on some lead (ARTEFACT_SMALL_PRESENCE): ventricular beats,
 * escape and VT alike, are as large as the sinus beat or larger (a wide complex carries more
 * of the heart's electrical mass per lead), the humps read 0.4-0.6. Humps that one lead does not
 * show at all (ARTEFACT_LEAD_PRESENCE) are set aside as long, whatever their shape, and on the
 * stronger evidence: motion on one lead only, a hump a second, forms a class of its own inside a
 * pause that the clean lead shows plainly, and from its second hump on only the shape rule set
 * the humps aside (bench rhythm noise: 118 with 118e00's motion on lead 0 only, the 4-s pause at
 * 320 s was a warning, now urgent; pauses urgent with motion on one lead 29 -> 30 of 32, every
 * other figure of the noise and noise-em parts unchanged). A lead that goes dead does not do
 * this: the beats the other lead still shows are this heart's usual beat on that lead
 * (ARTEFACT_LEAD_MATCH), even where the two-lead shape joins no class.
 */
export const ARTEFACT_SMALL_CLASS_WEIGHT = 3.5;
export const ARTEFACT_SMALL_PRESENCE = 0.8;

/**
 * A detection that one lead shows at under this share of this heart's usual QRS size there
 * (peak to peak, against the dominant template) is noise picked up by the other lead alone: a
 * real beat is one electrical event that every lead sees. A lead with small QRS (101's V1) is
 * measured against its own small template; the beats a lead that goes dead leaves on the other
 * lead are spared by ARTEFACT_LEAD_MATCH.
 * Inside a pause the quiet lead reads 0.00-0.01; real beats 0.9-1.1.
 */
export const ARTEFACT_LEAD_PRESENCE = 0.2;

/**
 * A detection that one lead alone shows as this heart's usual beat, in shape (correlation with the
 * dominant template on that lead at least this) and in size, is a beat, whatever the other lead
 * shows: that lead has gone off or flat (mitdb 116 at 1354 s: an electrode came off, the first lead
 * drifted back from a step, and the beats the second lead still showed plainly were set aside as
 * artefact by both rules, since the two-lead shape no longer matched any class, so a 4.4-s PAUSE
 * warning stood where the rhythm never stopped). One focus repeats at > 0.9 (ARTEFACT_CORR); motion
 * humps match a lead's QRS neither in shape nor in size.
 */
export const ARTEFACT_LEAD_MATCH = 0.9;

/**
 * Is a detection more likely artefact than a beat? A shape not seen before that is either unlike
 * every established class and smooth, or absent from one lead, and that no lead shows as this
 * heart's usual beat. Unknown (no class established yet, unreadable window): no.
 */
export function looksLikeMotionArtefact(f: Readonly<BeatFeatures>): boolean {
  if (f.leadMatch >= ARTEFACT_LEAD_MATCH) return false;
  const motionShaped = f.corrEstablished < ARTEFACT_CORR && f.turns <= ARTEFACT_MAX_TURNS;
  if (f.classWeight < ARTEFACT_MAX_CLASS_WEIGHT) return motionShaped || f.leadPresence < ARTEFACT_LEAD_PRESENCE;
  if (!(f.classWeight < ARTEFACT_SMALL_CLASS_WEIGHT)) return false;
  return absentFromALead(f) || (motionShaped && f.leadPresence < ARTEFACT_SMALL_PRESENCE);
}

/**
 * The judgement by shape alone, for when a lead is off and absence from it proves nothing: a
 * detection of a shape not seen before (ARTEFACT_MAX_CLASS_WEIGHT) unlike every established class
 * and smooth, that no lead shows as this heart's usual beat.
 */
export function motionShapedAlone(f: Readonly<BeatFeatures>): boolean {
  if (f.leadMatch >= ARTEFACT_LEAD_MATCH) return false;
  return f.classWeight < ARTEFACT_MAX_CLASS_WEIGHT && f.corrEstablished < ARTEFACT_CORR && f.turns <= ARTEFACT_MAX_TURNS;
}

/** The stronger evidence: a detection of a young class (ARTEFACT_SMALL_CLASS_WEIGHT) that one lead does not show at all. */
export function absentFromALead(f: Readonly<BeatFeatures>): boolean {
  return f.classWeight < ARTEFACT_SMALL_CLASS_WEIGHT && f.leadPresence < ARTEFACT_LEAD_PRESENCE;
}

/**
 * A detection under this share of this heart's usual QRS size (peak to peak, against the dominant
 * template) on every lead is no QRS where one would end an asystole (rhythm/analyzer/asystole-hold.ts).
 * A QRS of any origin is about as large as the sinus beat on some lead or larger (ventricular beats
 * carry more of the heart's electrical mass per lead); a P wave is not, nor is what a sinking
 * threshold finds in wander. Measured with QrsDetector and BeatClassifier on the shared records:
 * - the P waves of bench rhythm --parts asystole: 0.09-0.57 at 0.2 mV, 0.13-0.80 at 0.3 mV
 *   (101's useless V1 aside, where they read 1.5-2.2);
 * - detections matching reference beats in mitdb, svdb, qtdb and nstdb 118e*: 100 of 208 771
 *   (54 in mitdb 108, whose QRS size swings), 174 since a lead's size is also capped at the
 *   class's template (beat-classifier.ts leadSizes); none after a gap of 4 s (those records have
 *   no detection gap that long);
 * - after the 56 detection gaps of 4 s or more in vfdb and cudb (VF, shocks, asystole), the rule
 *   held the first detection 18 times, keeping the gap open 1-12 s longer (19 times, 1-14 s,
 *   with the class cap).
 */
export const QRS_LEAST_SIZE = 0.6;

/** Too small on every lead to be a QRS: a detection of a class other than the one it is measured against, under QRS_LEAST_SIZE. */
export function tooSmallForQrs(f: Readonly<BeatFeatures>): boolean {
  return !f.inSizeReference && f.leadSizeMax < QRS_LEAST_SIZE;
}
