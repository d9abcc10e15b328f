/**
 * Beat labelling (AAMI classes N, S, V, Q) from the ECG and the QRS detector's beats: patient-own
 * morphology classes, prematurity and the following pause. Streaming, fixed delay, chunk-invariant.
 */
export { BeatClassifier, LOOKAHEAD_S, type BeatClassifierOptions, type LabelSink } from './beat-classifier.js';
export { labelBeats, type LabelledBeats } from './label-beats.js';
export { decideLabel, type BeatFeatures } from './decide.js';
export { looksLikeMotionArtefact, absentFromALead, motionShapedAlone, ARTEFACT_CORR, ARTEFACT_MAX_TURNS, ARTEFACT_MAX_CLASS_WEIGHT, ARTEFACT_SMALL_CLASS_WEIGHT, ARTEFACT_SMALL_PRESENCE, ARTEFACT_LEAD_PRESENCE, ARTEFACT_LEAD_MATCH } from './artefact.js';
