import type { BeatFeatures } from './decide.js';

/**
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
 * ...and its shape has not recurred: its class weight (members, decayed over ~5 min) stays under
 * this, so it is the first of its kind. A wide ventricular escape or idioventricular rhythm is
 * smooth and unlike the sinus beat too, but its beats repeat one shape and join one class from
 * the second beat on; motion humps differ from each other.
 */
export const ARTEFACT_MAX_CLASS_WEIGHT = 1.5;

/**
 * Is a detection more likely electrode-motion artefact than a beat? Unlike every established
 * class, smooth, and of a shape not seen before. Unknown (no class established yet, unreadable
 * window): no.
 */
export function looksLikeMotionArtefact(f: Readonly<BeatFeatures>): boolean {
  return f.corrEstablished < ARTEFACT_CORR && f.turns <= ARTEFACT_MAX_TURNS && f.classWeight < ARTEFACT_MAX_CLASS_WEIGHT;
}
