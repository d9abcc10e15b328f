import { absentFromALead, looksLikeMotionArtefact, motionShapedAlone, tooSmallForQrs } from '../../classify/artefact.js';
import { BeatClassifier } from '../../classify/beat-classifier.js';
import { looksLikeNoise, type BeatFeatures } from '../../classify/decide.js';
import { MainsNotchLeads, type MainsNotchChoice } from '../../filters/mains-notch-leads.js';
import { checkRange, type SampleArray } from '../../filters/stream.js';
import { BeatFiducial } from '../../hrv/fiducial.js';
import { AtrialActivity } from '../af/atrial-activity.js';
import { QrsDetector } from '../../qrs/detector.js';
import { isEmptySecond, SignalQuality } from '../../quality/signal-quality.js';
import type { BeatEpisodeOptions } from '../episodes/rules.js';
import type { BeatLabel } from '../types.js';
import { ShockableDetector } from '../vf/shockable-detector.js';
import { ARTEFACT_BY_SHAPE_ALONE, NOISE_SHAPED, NOT_QRS_SIZED, RhythmCore, type RhythmEvents } from './core.js';
import { LeadAgreement } from './lead-agreement.js';
import { organisedFastPeriod } from './organised-rhythm.js';
import type { GatePolicy } from './gate.js';
import { Q, qualityCode, SecondQuality } from './quality-code.js';
import type { RhythmSummary } from './summary.js';

export interface RhythmAnalyzerOptions {
  sampleRate: number; // Hz
  /** Leads pushed (1 or 2). Default 1. Ignored in beats mode. */
  leads?: 1 | 2;
  /** Overrides of the episode thresholds (see episodes/config.ts for the defaults and sources). */
  rules?: BeatEpisodeOptions['rules'];
  gate?: GatePolicy;
  /** Mains notched in front of the beat analysis (filters/mains-notch-leads.ts). Default 'both'. */
  mains?: MainsNotchChoice;
}

/**
 * One streaming object per patient stream. Signal mode (`push`): ECG samples (mV) go through the
 * mains front end (a lead's 50/60 Hz notch, used while it carries hum: filters/mains-notch-leads.ts), the
 * QRS detector, the beat classifier (N/S/V/Q), the shockable-rhythm detector (VFIB, rapid VT),
 * per-lead signal quality, and on to the rhythm core (pauses, rate, runs, AF, LEADOFF/NOISE and
 * the quality gate). Beats mode (`pushBeats`): beat times (and labels, if known) from elsewhere,
 * no signal: RR-based analysis only, every second taken as good quality.
 *
 * The input is cut internally at whole seconds of the sample clock, and the rhythm core runs
 * only there, so events do not depend on chunk sizes. Decision delays (fixed, samples):
 * beats and labels `labelDelay` after the R peak; a second's quality `qualityDelay` after its end;
 * pauses are judged on the detector's beats (`rawDelay`) as soon as both they and the quality
 * cover a second, so a pause is raised at most 1 s + ceil(max(rawDelay, qualityDelay)) after it
 * crosses its threshold (4 s at 250-360 Hz, where rawDelay is about 2.9 s with two leads and 1.9 s
 * with one, qualityDelay about 2.05 s); label-driven rules wait for `labelDelay` (about 4.5 s with
 * two leads, 3.5 s with one) instead. The shockable detector's onsets and escalations go
 * to the gate the moment it raises them (at its own decisions, on the sample clock), so a VF alarm
 * waits only for the detector's window and escalation; their closes wait for the labels.
 */
export class RhythmAnalyzer {
  readonly sampleRate: number;
  readonly leads: 1 | 2;
  readonly mode: 'signal' | 'beats';
  readonly labelDelay: number; // samples
  /** Samples from an R peak to the QRS detector's report of it: what the pause rule waits for. */
  readonly rawDelay: number;
  readonly qualityDelay: number; // samples
  private readonly core: RhythmCore;
  private readonly notch: MainsNotchLeads | null = null; // mains out before everything but VF and quality
  private readonly qrs: QrsDetector | null = null;
  private readonly classifier: BeatClassifier | null = null;
  private readonly vf: ShockableDetector | null = null;
  private readonly atrial: AtrialActivity | null = null;
  private readonly fiducial: BeatFiducial | null = null; // beat times for HRV's intervals
  private readonly agreement: LeadAgreement | null = null; // two leads only
  private agreementSent = 0; // seconds whose lead agreement went to the core
  private readonly quality: SignalQuality[] = [];
  private readonly seconds: SecondQuality;
  private processed = 0; // samples pushed (signal) or clock position (beats)
  private blockEnd = 0; // end of the block being pushed: the second a VF event belongs to
  private lastBeat = -1;
  private done: RhythmSummary | null = null;

  constructor(opts: RhythmAnalyzerOptions & { mode?: 'signal' | 'beats' }, events: RhythmEvents) {
    const { sampleRate } = opts;
    if (!(sampleRate >= 100 && sampleRate <= 2000)) throw new RangeError(`RhythmAnalyzer: sampleRate must be 100..2000 Hz, got ${sampleRate}`);
    this.sampleRate = sampleRate;
    this.mode = opts.mode ?? 'signal';
    this.leads = opts.leads ?? 1;
    if (this.leads !== 1 && this.leads !== 2) throw new RangeError(`RhythmAnalyzer: leads must be 1 or 2, got ${String(opts.leads)}`);
    const crossLead = this.mode === 'signal' && this.leads === 2;
    this.core = new RhythmCore(sampleRate, opts.rules, events, opts.gate, crossLead);
    this.seconds = new SecondQuality(this.leads);
    if (this.mode === 'beats') {
      this.labelDelay = this.qualityDelay = this.rawDelay = 0;
      return;
    }
    this.core.awaitHeart(); // a detection is not yet a heartbeat (heart-seen.ts)
    this.notch = new MainsNotchLeads({ sampleRate, leads: this.leads, mains: opts.mains, blockSamples: this.core.secondLength });
    // a QRS that would end an asystole is measured against the beats before it (asystole-hold.ts)
    const sizeReferenceGapS = this.core.rules.rules.pause.asystoleS;
    const classifier = new BeatClassifier({ sampleRate, leads: this.leads, sizeReferenceGapS }, (s, l, f) => this.labelled(s, l, f));
    // P-wave evidence for AF, scored the moment a beat is labelled (queued with the beat, so the
    // quality delay does not matter): the signal is kept for the classifier's delay plus the
    // pre-QRS window and a margin.
    this.atrial = new AtrialActivity({ sampleRate, historySeconds: Math.ceil(classifier.delay / sampleRate) + 2, leads: this.leads });
    this.fiducial = new BeatFiducial(sampleRate, this.leads, Math.ceil(classifier.delay / sampleRate) + 2);
    this.classifier = classifier;
    this.qrs = new QrsDetector({ sampleRate, leads: this.leads }, (s) => {
      this.core.rawBeat(s);
      classifier.addBeat(s);
    });
    this.vf = new ShockableDetector(
      { sampleRate, leads: this.leads },
      (ep, event) => this.core.signalEpisode(ep, event, Math.floor(Math.max(0, this.blockEnd - 1) / this.core.secondLength)),
      // its windows' periodicity, once a second: VT runs hold their drowned complexes (organised-rhythm.ts);
      // periodic or shockable windows also keep their detections from being set aside as artefact
      (d) => {
        if (d.endsSecond) this.core.signalPeriod(organisedFastPeriod(d), d.kind !== 'none'); // the core keeps one window a second
      },
    );
    for (let c = 0; c < this.leads; c++) {
      this.quality.push(new SignalQuality({ sampleRate, channel: c }, (r) => this.qualityRecord(r.start, qualityCode(r.class, r.leadOff), r.channel, isEmptySecond(r))));
    }
    if (crossLead) this.agreement = new LeadAgreement(sampleRate);
    this.labelDelay = classifier.delay;
    this.rawDelay = this.qrs.delay;
    this.qualityDelay = this.quality[0].delay;
  }

  /**
   * A labelled beat, with its P-wave score (NaN for a mark the detector put past the signal's end
   * at flush), to the rhythm core.
   */
  private labelled(sample: number, label: BeatLabel, features: BeatFeatures): void {
    const aa = this.atrial!;
    let pWave = Number.NaN;
    if (sample < aa.samples) {
      aa.beat(sample, label);
      pWave = aa.score;
    }
    this.core.beat(sample, label, pWave, artefactEvidence(features, this.leads), this.fiducial!.at(sample));
  }

  /** Beats-mode analyzer: reference beat times, no signal. */
  static forBeats(opts: Omit<RhythmAnalyzerOptions, 'leads'>, events: RhythmEvents): RhythmAnalyzer {
    return new RhythmAnalyzer({ ...opts, mode: 'beats' }, events);
  }

  /**
   * Next ECG samples (mV; NaN = missing) of each lead, equal lengths; `[offset, offset + length)`
   * of them when given. Nothing is allocated per push, so a caller may push every serial read.
   */
  push(lead0: SampleArray, lead1?: SampleArray, offset = 0, length = lead0.length - offset): void {
    if (this.mode !== 'signal') throw new Error('RhythmAnalyzer: push() needs a signal-mode analyzer; use pushBeats()');
    if (this.leads === 2 && (!lead1 || lead1.length !== lead0.length)) {
      throw new RangeError('RhythmAnalyzer: two leads were configured; push both with equal lengths');
    }
    checkRange('RhythmAnalyzer', lead0.length, offset, length);
    const sec = this.core.secondLength;
    const a = lead0;
    const b = this.leads === 2 ? lead1 : undefined;
    for (let i = offset; i < offset + length; ) {
      const len = Math.min(offset + length - i, sec - (this.processed % sec));
      this.blockEnd = this.processed + len;
      const notch = this.notch!;
      notch.process(a, b, i, len);
      const na = notch.out[0];
      const nb = b ? notch.out[1] : undefined;
      this.atrial!.push(na, 0, len, nb); // first: the classifier labels (and scores) beats during its push
      this.fiducial!.push(na, nb, 0, len);
      this.qrs!.push(na, nb, 0, len);
      this.classifier!.push(na, nb, 0, len);
      this.vf!.push(a, b, i, len); // raw: its own band notches the mains
      this.quality[0].push(a, i, len); // raw: hum is what it reports
      if (b) this.quality[1].push(b, i, len);
      if (nb) this.agreement!.push(na, nb, 0, len);
      this.sendAgreement();
      this.processed += len;
      i += len;
      if (this.processed % sec === 0) this.core.step(this.processed - 1 - this.labelDelay, this.processed - 1 - this.rawDelay);
    }
  }

  /**
   * Beats mode: the next beats (R-peak samples, increasing) with their labels (default N), and
   * the clock: no other beat up to `upTo` (default the last beat given).
   */
  pushBeats(samples: ArrayLike<number>, labels?: ArrayLike<BeatLabel>, upTo?: number): void {
    if (this.mode !== 'beats') throw new Error('RhythmAnalyzer: pushBeats() needs RhythmAnalyzer.forBeats()');
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i];
      if (!Number.isInteger(s) || s < 0 || s <= this.lastBeat) throw new RangeError(`RhythmAnalyzer: beat samples must be increasing integers >= 0; got ${s} after ${this.lastBeat}`);
      this.advanceClock(s); // every beat before s is in: process those seconds first (bounded queue)
      this.lastBeat = s;
      this.core.rawBeat(s);
      this.core.beat(s, labels?.[i] ?? 'N');
    }
    this.advanceClock(upTo ?? this.lastBeat + 1);
  }

  /** End of the stream. Beats mode: `endSample` is the record length (samples). Returns the summary. */
  flush(endSample?: number): RhythmSummary {
    if (this.done) return this.done;
    if (this.mode === 'signal') {
      this.blockEnd = this.processed + this.core.secondLength; // events raised by the flush: after the last second
      this.qrs!.flush();
      this.classifier!.flush();
      this.vf!.flush();
      for (const q of this.quality) q.flush();
      this.agreement?.flush();
      this.sendAgreement();
    } else {
      const end = Math.max(endSample ?? 0, this.lastBeat + 1);
      this.advanceClock(end);
      if (end > this.processed) {
        this.core.quality(Q.Good); // the partial last second
        this.processed = end;
      }
    }
    this.done = this.core.finish(this.processed);
    return this.done;
  }

  /** Beats mode: every second up to `end` (exclusive) is good quality and complete. */
  private advanceClock(end: number): void {
    const sec = this.core.secondLength;
    // Step after every second: the core's per-second queues are bounded (256 s), and a gap between
    // beats, or the tail to the record's end, can be longer.
    while (this.processed + sec <= end) {
      this.processed += sec;
      this.core.quality(Q.Good);
      this.core.step(this.processed - 1);
    }
  }

  private sendAgreement(): void {
    const ag = this.agreement;
    if (!ag) return;
    for (const n = ag.complete; this.agreementSent < n; this.agreementSent++) {
      const f1 = ag.agreement(this.agreementSent);
      this.core.leadAgreement(f1, ag.silentLead);
    }
  }

  private qualityRecord(start: number, code: Q, lead: number, empty: boolean): void {
    const k = Math.floor(start / this.core.secondLength);
    const before = this.seconds.complete;
    this.seconds.add(k, code, lead, empty);
    for (let s = before; s < this.seconds.complete; s++) this.core.quality(this.seconds.of(s), this.seconds.offLeads(s), this.seconds.emptyLeads(s));
  }
}

/**
 * How sure the classifier's features make a detection artefact: 0 a beat, 1 judged by shape,
 * 2 a second lead shows nothing there (classify/artefact.ts); plus ARTEFACT_BY_SHAPE_ALONE where
 * the shape alone says so, which is all that counts while a lead is off (core.ts), NOT_QRS_SIZED
 * and NOISE_SHAPED.
 */
function artefactEvidence(f: Readonly<BeatFeatures>, leads: number): number {
  const flags = (motionShapedAlone(f) ? ARTEFACT_BY_SHAPE_ALONE : 0) | (tooSmallForQrs(f) ? NOT_QRS_SIZED : 0) | (looksLikeNoise(f) ? NOISE_SHAPED : 0);
  if (!looksLikeMotionArtefact(f)) return flags;
  return (leads === 2 && absentFromALead(f) ? 2 : 1) | flags;
}
