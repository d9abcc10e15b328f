import { describe, expect, it } from 'vitest';
import { ARTEFACT_CORR, ARTEFACT_LEAD_MATCH, ARTEFACT_LEAD_PRESENCE, ARTEFACT_MAX_CLASS_WEIGHT, ARTEFACT_MAX_TURNS, ARTEFACT_SMALL_CLASS_WEIGHT, ARTEFACT_SMALL_PRESENCE, absentFromALead, looksLikeMotionArtefact, motionShapedAlone, QRS_LEAST_SIZE, tooSmallForQrs } from './artefact.js';
import type { BeatFeatures } from './decide.js';

/** A smooth detection of a new shape, unlike the normal beat and every established class. */
function hump(over: Partial<BeatFeatures> = {}): BeatFeatures {
  return {
    hasDominant: true,
    inDominant: false,
    corrDominant: 0.2,
    widthDelta: 0.05,
    flipped: false,
    prematurity: 1.2,
    pauseRatio: 1,
    rrS: 0.8,
    onsetRatio: 1,
    afterPremature: false,
    cluster: 5,
    classWeight: 1,
    onTimeShare: 0,
    normalRateShare: 0,
    turns: 1,
    nnIrregularity: 0.02,
    corrEstablished: 0.3,
    leadPresence: 1,
    leadSizeMax: 1,
    inSizeReference: false,
    leadMatch: Number.NaN,
    corrInitial: Number.NaN,
    ...over,
  };
}

describe('looksLikeMotionArtefact', () => {
  it('takes a smooth detection of a new shape, unlike every established class, for motion artefact', () => {
    expect(looksLikeMotionArtefact(hump())).toBe(true);
  });

  it('keeps what looks like a beat: like the normal beat or any other established class, even a PVC class far from the normal beat', () => {
    expect(looksLikeMotionArtefact(hump({ corrDominant: 0.9, corrEstablished: 0.9 }))).toBe(false);
    expect(looksLikeMotionArtefact(hump({ corrDominant: 0.1, corrEstablished: ARTEFACT_CORR }))).toBe(false);
  });

  it('keeps a jagged detection (a beat drowned in muscle noise) and a recurring shape (an escape rhythm)', () => {
    expect(looksLikeMotionArtefact(hump({ turns: ARTEFACT_MAX_TURNS + 1 }))).toBe(false);
    expect(looksLikeMotionArtefact(hump({ classWeight: ARTEFACT_MAX_CLASS_WEIGHT }))).toBe(false);
  });

  it('still sets aside humps that formed a young class of their own while they stay smaller than this heart\'s beats on a lead; a young class of full-size complexes (VT, escape) counts', () => {
    const young = { classWeight: (ARTEFACT_MAX_CLASS_WEIGHT + ARTEFACT_SMALL_CLASS_WEIGHT) / 2 };
    expect(looksLikeMotionArtefact(hump({ ...young, leadPresence: 0.5 }))).toBe(true);
    expect(looksLikeMotionArtefact(hump({ ...young, leadPresence: ARTEFACT_SMALL_PRESENCE }))).toBe(false);
    expect(looksLikeMotionArtefact(hump({ ...young, leadPresence: 0.5, turns: ARTEFACT_MAX_TURNS + 1 }))).toBe(false);
    expect(looksLikeMotionArtefact(hump({ classWeight: ARTEFACT_SMALL_CLASS_WEIGHT, leadPresence: 0.5 }))).toBe(false);
  });

  it('takes a new shape that one lead does not show for noise on the other lead, whatever its shape', () => {
    const jaggedLikeABeat = { corrEstablished: 0.8, turns: 6 };
    expect(looksLikeMotionArtefact(hump({ ...jaggedLikeABeat, leadPresence: ARTEFACT_LEAD_PRESENCE / 4 }))).toBe(true);
    expect(looksLikeMotionArtefact(hump({ ...jaggedLikeABeat, leadPresence: 1 }))).toBe(false);
    // a recurring shape absent from a lead (that lead went dead) stays a beat
    expect(looksLikeMotionArtefact(hump({ ...jaggedLikeABeat, leadPresence: 0, classWeight: 40 }))).toBe(false);
  });

  it('keeps setting aside one-lead noise after its humps formed a young class of their own, as strongly, and stops once the class is established', () => {
    const absent = { corrEstablished: 0.75, turns: 4, leadPresence: ARTEFACT_LEAD_PRESENCE / 10 };
    for (const classWeight of [2, 3]) {
      expect(looksLikeMotionArtefact(hump({ ...absent, classWeight }))).toBe(true);
      expect(absentFromALead(hump({ ...absent, classWeight }))).toBe(true);
    }
    expect(looksLikeMotionArtefact(hump({ ...absent, classWeight: ARTEFACT_SMALL_CLASS_WEIGHT }))).toBe(false);
    expect(absentFromALead(hump({ ...absent, classWeight: ARTEFACT_SMALL_CLASS_WEIGHT }))).toBe(false);
    // shown on both leads, the young class of full-size beat-like complexes counts
    expect(looksLikeMotionArtefact(hump({ ...absent, classWeight: 2, leadPresence: 1 }))).toBe(false);
  });

  it('keeps a detection that one lead shows as this heart\'s usual beat, whatever the other lead does', () => {
    // the other lead went off: the two-lead shape matches no class and that lead shows nothing
    const leadOff = { corrEstablished: 0.2, turns: 1, leadPresence: 0.01, classWeight: 1 };
    expect(looksLikeMotionArtefact(hump(leadOff))).toBe(true);
    expect(looksLikeMotionArtefact(hump({ ...leadOff, leadMatch: ARTEFACT_LEAD_MATCH }))).toBe(false);
    // a lead that shows a hump unlike (or unlike in size, -1) its usual QRS is no such evidence
    expect(looksLikeMotionArtefact(hump({ ...leadOff, leadMatch: 0.6 }))).toBe(true);
    expect(looksLikeMotionArtefact(hump({ ...leadOff, leadMatch: -1 }))).toBe(true);
  });

  it('judges nothing before a class is established', () => {
    expect(looksLikeMotionArtefact(hump({ hasDominant: false, corrEstablished: Number.NaN }))).toBe(false);
  });
});

describe('motionShapedAlone (what counts while a lead is off)', () => {
  it('sets aside a smooth new shape unlike every class, whatever the leads show', () => {
    expect(motionShapedAlone(hump())).toBe(true);
    expect(motionShapedAlone(hump({ leadPresence: 0 }))).toBe(true);
  });

  it('does not read a beat the live lead does not show on a dead one as artefact, as absence alone would', () => {
    // a jagged ventricular beat of a young class, and the off lead flat under it
    const pvc = { corrEstablished: 0.3, turns: 4, classWeight: 2, leadPresence: 0.01 };
    expect(looksLikeMotionArtefact(hump(pvc))).toBe(true);
    expect(motionShapedAlone(hump(pvc))).toBe(false);
    expect(motionShapedAlone(hump({ classWeight: ARTEFACT_MAX_CLASS_WEIGHT }))).toBe(false);
    expect(motionShapedAlone(hump({ leadMatch: ARTEFACT_LEAD_MATCH }))).toBe(false);
  });
});

describe('tooSmallForQrs', () => {
  it('takes a detection under QRS_LEAST_SIZE of the usual QRS on every lead for no QRS', () => {
    expect(tooSmallForQrs(hump({ leadPresence: 0.1, leadSizeMax: 0.3 }))).toBe(true);
  });

  it('keeps one as large as the usual QRS on some lead, a beat of the class it is measured against, and an unmeasured one', () => {
    expect(tooSmallForQrs(hump({ leadPresence: 0.1, leadSizeMax: QRS_LEAST_SIZE }))).toBe(false);
    expect(tooSmallForQrs(hump({ inDominant: true, inSizeReference: true, leadPresence: 0.3, leadSizeMax: 0.4 }))).toBe(false);
    // a class that became dominant during a gap is measured against the one before it (BeatClassifier)
    expect(tooSmallForQrs(hump({ inDominant: true, inSizeReference: false, leadPresence: 0.3, leadSizeMax: 0.4 }))).toBe(true);
    expect(tooSmallForQrs(hump({ leadPresence: Number.NaN, leadSizeMax: Number.NaN }))).toBe(false);
  });
});
