/**
 * Alarm thresholds for the beat-driven episode rules, with the clinical source of each default.
 * Every figure is configurable; the defaults aim at adult patients on an unattended box, where a
 * flood of false alarms teaches people to ignore it (Drew et al., PLoS One 9(10):e110274, 2014:
 * 88.8% of ICU arrhythmia alarms were false, 93% of true VT alarms not sustained enough to treat).
 */

export interface PauseRules {
  /** RR over this is a PAUSE (warning), s. Common monitor default (Philips/GE "pause" 2.0-3.0 s). */
  warningS: number;
  /**
   * RR over this makes the PAUSE urgent, s. Pauses > 3 s while awake are the accepted threshold for
   * symptomatic sinus-node dysfunction / AV block workup (2018 ACC/AHA/HRS bradycardia guideline,
   * Kusumoto et al., Circulation 140:e382) and the level Sandau et al. 2017 (AHA practice standards,
   * Circulation 136:e273) discuss for pause alarms.
   */
  urgentS: number;
  /**
   * No QRS for this long is ASYSTOLE (urgent), s: the PhysioNet/CinC 2015 false-alarm challenge
   * definition ("no QRS for at least 4 seconds", Clifford et al., CinC 42:273) and the usual
   * bedside-monitor default. ASYSTOLE differs from PAUSE in meaning, not in the gap alone: a PAUSE
   * is one long RR interval that ends with a beat; ASYSTOLE is the ongoing absence of ventricular
   * activity (cardiac arrest) while the leads are on and the signal is readable. The gap is flagged
   * while it is still going on; one that reaches 4 s is the same episode renamed ASYSTOLE (one
   * alarm that got worse, not a PAUSE and an ASYSTOLE side by side).
   */
  asystoleS: number;
}

export interface RateRules {
  /** RR intervals whose median gives the rate; the median shrugs off one missed or extra beat. */
  medianOf: number;
  /** Sustained rate below this is BRADY (warning), bpm (CinC 2015 "extreme bradycardia" < 40). */
  bradyWarningBpm: number;
  /** ... below this, urgent (extreme bradycardia, haemodynamic compromise likely), bpm. */
  bradyUrgentBpm: number;
  /** Sustained rate above this is TACHY (warning), bpm (AHA ACLS: >= 150 bpm usually symptomatic). */
  tachyWarningBpm: number;
  /** ... above this, urgent, bpm (CinC 2015 "extreme tachycardia" used > 140; we keep 180 to spare alarms). */
  tachyUrgentBpm: number;
  /** How long the rate must hold past a threshold before the episode opens, s. */
  sustainS: number;
  /** The rate must come back this far inside the threshold to close the episode, bpm. */
  hysteresisBpm: number;
}

export interface VentricularRules {
  /**
   * Three or more consecutive V beats faster than this are VT, bpm (ACC/AHA/ESC 2006 ventricular
   * arrhythmia guideline: VT = >= 3 consecutive ventricular complexes at > 100 bpm). Slower runs of
   * three or more are VRUN (warning), couplets VRUN (info).
   */
  vtRateBpm: number;
  /** VT lasting this long is sustained VT (2006 guideline definition: >= 30 s), urgent, s. */
  vtSustainedS: number;
  /**
   * Rapid VT (faster than this, bpm) is urgent once it has lasted vtRapidS seconds (5 s: at > 150
   * bpm that is 13+ consecutive V beats; bedside monitors sound their red V-tach alarm after 5-6
   * beats, CinC 2015 used >= 5 beats > 100 bpm; we wait longer to spare NSVT alarms, Drew 2014).
   */
  vtRapidBpm: number;
  vtRapidS: number;
  /** N V cycles in a row that make BIGEMINY (warning: every other beat ineffective halves output). */
  bigeminyCycles: number;
  /** N N V cycles in a row that make TRIGEMINY (info). */
  trigeminyCycles: number;
  /**
   * The patient has a ventricular pacemaker. The box has no pacing-spike detector, so paced
   * complexes, wide and unlike the native ones, are labelled V, and paced rhythm at its lower rate
   * reads as slow ventricular runs: on the shared paced records (mitdb 102, 104, 107, 217; qtdb
   * sel102, sel104) 70-134 VRUN warnings an hour, none backed by the reference (`bench rhythm
   * --parts alarms`). With this set, slow runs (VRUN) are recorded as info instead of warnings;
   * VT (faster than `vtRateBpm`), pauses, bradycardia (a pacemaker that stops capturing) and
   * everything else are judged as for any patient. Default false: a clinician sets it per patient.
   */
  pacedPatient: boolean;
}

export interface EpisodeRules {
  pause: PauseRules;
  rate: RateRules;
  ventricular: VentricularRules;
}

export const DEFAULT_EPISODE_RULES: Readonly<EpisodeRules> = Object.freeze({
  pause: { warningS: 2.0, urgentS: 3.0, asystoleS: 4.0 },
  rate: {
    medianOf: 5,
    bradyWarningBpm: 40,
    bradyUrgentBpm: 30,
    tachyWarningBpm: 150,
    tachyUrgentBpm: 180,
    sustainS: 10,
    hysteresisBpm: 5,
  },
  ventricular: { vtRateBpm: 100, vtSustainedS: 30, vtRapidBpm: 150, vtRapidS: 5, bigeminyCycles: 4, trigeminyCycles: 4, pacedPatient: false },
});

/** Defaults overridden by whatever part of the rules the caller gives. */
export function episodeRules(overrides?: { pause?: Partial<PauseRules>; rate?: Partial<RateRules>; ventricular?: Partial<VentricularRules> }): EpisodeRules {
  const d = DEFAULT_EPISODE_RULES;
  const rules: EpisodeRules = {
    pause: { ...d.pause, ...overrides?.pause },
    rate: { ...d.rate, ...overrides?.rate },
    ventricular: { ...d.ventricular, ...overrides?.ventricular },
  };
  const { pause, rate } = rules;
  if (!(pause.warningS > 0 && pause.warningS <= pause.urgentS && pause.urgentS <= pause.asystoleS)) {
    throw new RangeError('episodeRules: need 0 < pause.warningS <= pause.urgentS <= pause.asystoleS');
  }
  if (!(rate.bradyUrgentBpm <= rate.bradyWarningBpm && rate.tachyWarningBpm <= rate.tachyUrgentBpm)) {
    throw new RangeError('episodeRules: urgent rate limits must lie beyond the warning ones');
  }
  if (!(Number.isInteger(rate.medianOf) && rate.medianOf >= 1 && rate.medianOf <= 15)) {
    throw new RangeError(`episodeRules: rate.medianOf must be an integer 1..15, got ${rate.medianOf}`);
  }
  return rules;
}
