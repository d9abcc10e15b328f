/**
 * Signal quality vocabulary. A record covers one second of one channel.
 *
 * Classes: 'good' (fit for morphology: ST, QRS width), 'acceptable' (beats and rhythm are
 * reliable), 'poor' (noise: rhythm alarms untrustworthy; the integrator raises NOISE),
 * 'unusable' (lead off: flat line, ADC rail or missing samples; the integrator raises LEADOFF,
 * never ASYSTOLE).
 */
export type QualityClass = 'good' | 'acceptable' | 'poor' | 'unusable';

/**
 * What is wrong. Lead-off states: 'flat' (range below 10 µV), 'rail' (at the ADC rail),
 * 'gap' (missing samples; half a second or more is lead-off). Noise: 'clipping', 'mains',
 * 'muscle', 'baseline', 'beats' (two detectors disagree: bSQI).
 */
export type QualityProblem = 'flat' | 'rail' | 'gap' | 'clipping' | 'mains' | 'muscle' | 'baseline' | 'beats';

/** The measurements behind a record; ratios are in dB, fractions 0..1. */
export interface QualityFeatures {
  /** Missing (non-finite) samples in the second. */
  nanFraction: number;
  /** Peak-to-peak range of the finite samples, mV (0 when none). */
  rangeMv: number;
  /** Samples at an ADC rail (0 when the rails are not configured). */
  railFraction: number;
  /** Samples stuck at the second's extreme or at a rail. */
  clippedFraction: number;
  /** Mains hum: power within ±1 Hz of 50 or 60 Hz (the larger), less the broadband noise expected
   *  there from the muscle band's density, over the 5-15 Hz QRS-band power, dB, last 2 s. */
  mainsDb: number;
  /** Muscle / high-frequency noise: mean power density 40-100 Hz (cut below Nyquist, mains notched)
   *  over that of the QRS band 5-15 Hz, dB, last 2 s. */
  muscleDb: number;
  /** Baseline wander: power 0.05-0.7 Hz over the QRS-band power, dB, last 4 s; the QRS power is at
   *  least half the lead's usual (QrsPowerReference), so a pause or asystole does not turn wander
   *  into noise. */
  baselineDb: number;
  /** Beat agreement (F1) of the two detectors over the 10 s ending with this second; null without beats. */
  bsqi: number | null;
  /** QRS-band (5-15 Hz) power of this second alone, mV²: how much the lead shows of any QRS. */
  qrsPowerMv2: number;
}

export interface QualityRecord {
  channel: number;
  /** First sample of the second (from the first sample pushed). */
  start: number;
  /** Samples covered (the rounded sample rate; fewer for the last, flushed one). */
  length: number;
  /** 0 (unusable) .. 1 (clean): the lowest of the per-feature scores. */
  index: number;
  class: QualityClass;
  /** Flat, railed or missing signal: report LEADOFF, do not analyse rhythm. */
  leadOff: boolean;
  /** Problems scoring below 'good', worst first. */
  problems: QualityProblem[];
  features: QualityFeatures;
}

/** Thresholds of one feature: the value at which it stops being good and where it becomes poor. */
export interface FeatureThreshold {
  good: number;
  poor: number;
  /** The value that scores 1 (default: good - (poor - good)). */
  ideal?: number;
}

export interface QualityThresholds {
  bsqi: FeatureThreshold;
  clippedFraction: FeatureThreshold;
  nanFraction: FeatureThreshold;
  mainsDb: FeatureThreshold;
  muscleDb: FeatureThreshold;
  baselineDb: FeatureThreshold;
  /** Range below which a second is a flat line (lead off), mV. */
  flatRangeMv: number;
  /** Fraction of railed samples from which the lead is off. */
  railLeadOffFraction: number;
  /** Fraction of missing samples from which the lead is off. */
  nanLeadOffFraction: number;
}
