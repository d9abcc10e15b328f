import { describe, expect, it } from 'vitest';
import { decideLabel, type BeatFeatures } from './decide.js';

/** A beat of an established class far from the normal beat, on time at a normal rate: features to vary. */
function beat(over: Partial<BeatFeatures>): BeatFeatures {
  return {
    hasDominant: true,
    inDominant: false,
    corrDominant: 0.1,
    widthDelta: 0.06,
    flipped: false,
    prematurity: 1,
    pauseRatio: 1,
    rrS: 0.8,
    onsetRatio: 1,
    afterPremature: false,
    cluster: 2,
    classWeight: 20,
    onTimeShare: 0.95,
    normalRateShare: 0.95,
    turns: 2,
    nnIrregularity: 0.02,
    corrEstablished: 0.95,
    leadPresence: 1,
    leadSizeMax: 1,
    inSizeReference: true,
    leadMatch: Number.NaN,
    corrInitial: Number.NaN,
    ...over,
  };
}

describe('decideLabel', () => {
  it('a recurrent wide class on time at a normal rate is a second way of conducting (not V); the same class at a tachycardia rate is V', () => {
    const sinusRate = beat({ corrDominant: 0.3 });
    expect(decideLabel(sinusRate)).toBe('N');
    // a VT: its beats come on time, but at > 100/min (normalRateShare ~0) and unlike the normal beat
    expect(decideLabel({ ...sinusRate, normalRateShare: 0, prematurity: 0.45 })).toBe('V');
  });

  it('keeps the exemption at a fast rate for a class that still resembles the normal beat (SVT with aberrant conduction)', () => {
    const aberrant = beat({ corrDominant: 0.7, widthDelta: 0.07, normalRateShare: 0, prematurity: 0.58 });
    expect(decideLabel(aberrant)).not.toBe('V');
    expect(decideLabel({ ...aberrant, corrDominant: 0.3 })).toBe('V');
  });

  it('judges a noisy-looking beat (many turns) when it joined an established class, not when it stands alone', () => {
    const noisy = beat({ turns: 7, normalRateShare: 0, onTimeShare: 0.2, prematurity: 0.5, pauseRatio: 1 });
    expect(decideLabel({ ...noisy, classWeight: 6 })).toBe('V');
    expect(decideLabel({ ...noisy, classWeight: 1 })).toBe('Q');
  });

  it('labels an early beat with a pause after it S in a regular rhythm, N where the normal beats are irregular (AF)', () => {
    // 0.56 s after a 0.8 s interval: early by the step a premature beat makes
    const early = beat({ inDominant: true, corrDominant: 0.98, widthDelta: 0, prematurity: 0.7, pauseRatio: 1.4, rrS: 0.56, onsetRatio: 0.7 });
    expect(decideLabel(early)).toBe('S');
    expect(decideLabel({ ...early, nnIrregularity: 0.15 })).toBe('N');
    // as short as the interval before it, at 80/min: the sinus rate, not a premature beat
    expect(decideLabel({ ...early, rrS: 0.75, onsetRatio: 1 })).toBe('N');
  });

  it('labels the beats of a regular supraventricular run S (abrupt start, each as early as the last, > 100/min), not a slow chain or a ragged one', () => {
    const run = beat({ inDominant: true, corrDominant: 0.98, widthDelta: 0, prematurity: 0.55, rrS: 0.45, pauseRatio: 0.97 });
    // first beat of the run: 0.45 s after a 0.82 s interval, the next interval a little shorter
    expect(decideLabel({ ...run, onsetRatio: 0.55, afterPremature: false })).toBe('S');
    // inside the run: as early as the previous beat
    expect(decideLabel({ ...run, onsetRatio: 1.02, afterPremature: true })).toBe('S');
    // sinus rhythm that sped up step by step (not abrupt, nothing premature before): N
    expect(decideLabel({ ...run, onsetRatio: 0.97, afterPremature: false })).toBe('N');
    // a regular chain after a premature beat, but at 75/min: the reference is stale, not an SVT
    expect(decideLabel({ ...run, rrS: 0.8, prematurity: 0.8, onsetRatio: 1, afterPremature: true })).toBe('N');
    // irregular intervals after a premature one (AF before its irregularity is known): N
    expect(decideLabel({ ...run, onsetRatio: 1.25, afterPremature: true })).toBe('N');
  });
  it('does not call V a wide beat whose first 40 ms match the normal beat (aberrant conduction or fusion), but does one unlike from its start', () => {
    const early = beat({ corrDominant: 0.7, widthDelta: 0.06, normalRateShare: 0, onTimeShare: 0.1, prematurity: 0.6, pauseRatio: 1.8 });
    expect(decideLabel({ ...early, corrInitial: 0.3 })).toBe('V');
    expect(decideLabel({ ...early, corrInitial: 0.98 })).toBe('N');
    expect(decideLabel({ ...early, corrInitial: Number.NaN })).toBe('V'); // unknown: the rest decides
    // opposite main deflection: another origin whatever the first samples do
    expect(decideLabel({ ...early, corrInitial: 0.98, flipped: true })).toBe('V');
  });

  it('labels a lone on-time oddity V when its initial QRS vector is unrelated to the normal one, Q otherwise', () => {
    const lone = beat({ corrDominant: 0.3, classWeight: 1, onTimeShare: 1, normalRateShare: 1, prematurity: 1, pauseRatio: 1 });
    expect(decideLabel({ ...lone, corrInitial: 0.6 })).toBe('Q');
    expect(decideLabel({ ...lone, corrInitial: -0.4 })).toBe('V');
    expect(decideLabel({ ...lone, corrInitial: -0.4, corrDominant: 0.7 })).toBe('Q'); // resembles the normal beat: not sure
  });
  it('calls a moderately unlike early beat V by timing only after a (near) compensatory pause', () => {
    const early = beat({ corrDominant: 0.8, widthDelta: 0, normalRateShare: 0, onTimeShare: 0.1, classWeight: 8, prematurity: 0.6 });
    // 0.6 + 0.6 x 1.8 = 1.68 normal RR around it: the sinus rhythm went on undisturbed
    expect(decideLabel({ ...early, pauseRatio: 1.8 })).toBe('V');
    // 0.6 + 0.6 x 1.3 = 1.38: the sinus node was reset, as an atrial premature beat does
    expect(decideLabel({ ...early, pauseRatio: 1.3 })).toBe('N');
    // clearly unlike (wider): V whatever the pause
    expect(decideLabel({ ...early, pauseRatio: 1.3, corrDominant: 0.6, widthDelta: 0.05 })).toBe('V');
  });
});
