import { labelBeats } from '../../classify/label-beats.js';
import type { SampleArray } from '../../filters/stream.js';
import { qualityOfRecord } from '../../quality/batch.js';
import { atrialScores } from '../af/atrial-activity.js';
import { isAfStrip, measureAfStrip } from '../af/strip.js';
import type { BeatLabel } from '../types.js';
import { fWaveEvidence } from './fwave-evidence.js';
import { rrFeatures } from './rr-features.js';

/**
 * What a short recording (a 9-90 s strip from a handheld or a spot check) is judged on: the
 * beats' trustworthiness, the rate, RR irregularity measured three robust ways, P-wave
 * consistency before the QRS, and fibrillatory-wave power left after subtracting the average beat.
 */
export interface StripFeatures {
  seconds: number; // strip length, s
  beats: number;
  heartRate: number | null; // bpm, from the median plausible RR
  badRrFraction: number; // share of RR outside 30-240 bpm: missed or extra detections
  /** Median |ΔRR| / RR over the intervals left after the ectopic filter (measureAfStrip). */
  irregularity: number | null;
  /** The same over every plausible interval, ectopics kept. */
  rawIrregularity: number | null;
  novelty: number | null; // median Lorenz-plot novelty / mean RR (measureAfStrip)
  cleanShare: number; // share of intervals the ectopic filter kept
  stripAf: boolean | null; // the whole-strip RR rule (isAfStrip), null when it cannot judge
  pWave: number | null; // median P-wave template correlation (-1..1), null with too few scored beats
  cosen: number | null; // coefficient of sample entropy of RR (rrFeatures)
  successiveShare: number | null; // share of |ΔRR| over 1/16 of the mean RR
  repeatShare: number | null; // share of intervals repeated within 1/32 among the next four
  fWaveShare: number | null; // share of the residual (average beat subtracted) in 4-9 Hz
  fWaveRelative: number | null; // RMS of that 4-9 Hz residual / QRS peak-to-peak
  atrialUnexplained: number | null;
  wideUnexplained: number | null;
  pWindowUnexplained: number | null;
  /** Share of beats whose QRS matches the strip's average beat (same conduction); null before the average exists. */
  qrsMatchShare: number | null;
  poorShare: number; // share of seconds SignalQuality calls poor or unusable
}

/** Beats of a strip and what was scored on them. */
export interface StripBeats {
  beats: ArrayLike<number>; // R-peak sample indices, increasing
  labels?: ArrayLike<BeatLabel | undefined>;
  pWaves?: ArrayLike<number>; // AtrialActivity score per beat
}

/** Features of one lead of a strip (mV at `sampleRate`) given its beats. */
export function stripFeatures(signal: SampleArray, sampleRate: number /* Hz */, b: StripBeats, poorShare = 0): StripFeatures {
  const af = measureAfStrip(b.beats, sampleRate, b.labels, b.pWaves);
  const rr = rrFeatures(b.beats, sampleRate);
  const fw = fWaveEvidence(signal, b.beats, sampleRate, b.labels);
  const enough = fw.measuredSeconds >= MIN_FWAVE_SECONDS;
  return {
    seconds: signal.length / sampleRate,
    beats: b.beats.length,
    heartRate: af.heartRate,
    badRrFraction: af.intervals > 0 ? (af.intervals - rr.intervals) / af.intervals : 1,
    irregularity: af.irregularity,
    rawIrregularity: af.rawIrregularity,
    novelty: af.novelty,
    cleanShare: af.intervals > 0 ? af.clean / af.intervals : 0,
    stripAf: isAfStrip(af),
    pWave: af.pWave,
    cosen: rr.cosen,
    successiveShare: rr.successiveShare,
    repeatShare: rr.repeatShare,
    // above 1 the atrial band holds more than the wide band: a QRS left uncancelled (the detector's
    // fiducial point moved), not f waves; a share cannot say more than "all of it"
    fWaveShare: enough && Number.isFinite(fw.atrialShare) ? Math.min(1, fw.atrialShare) : null,
    fWaveRelative: enough && Number.isFinite(fw.relativeRms) ? fw.relativeRms : null,
    atrialUnexplained: enough && Number.isFinite(fw.atrialUnexplained) ? fw.atrialUnexplained : null,
    wideUnexplained: enough && Number.isFinite(fw.wideUnexplained) ? fw.wideUnexplained : null,
    pWindowUnexplained: enough && Number.isFinite(fw.pWindowUnexplained) ? fw.pWindowUnexplained : null,
    qrsMatchShare: Number.isFinite(fw.qrsMatchShare) ? fw.qrsMatchShare : null,
    poorShare,
  };
}

/** Fewest seconds of between-QRS signal an f-wave figure needs (a few atrial cycles per interval, several intervals). */
const MIN_FWAVE_SECONDS = 3;

/**
 * A strip end to end, one lead: QRS detection and beat labels (labelBeats), P-wave scores
 * (atrialScores), signal quality per second, then stripFeatures.
 */
export function measureStrip(signal: SampleArray, sampleRate: number /* Hz */): { features: StripFeatures } & StripBeats {
  const { samples, labels } = labelBeats([signal], sampleRate);
  const pWaves = atrialScores(signal, samples, sampleRate, labels);
  const quality = qualityOfRecord(signal, { sampleRate });
  const poor = quality.filter((q) => q.class === 'poor' || q.class === 'unusable').length / Math.max(1, quality.length);
  return { beats: samples, labels, pWaves, features: stripFeatures(signal, sampleRate, { beats: samples, labels, pWaves }, poor) };
}
