import { HrvAnalyzer } from '../../hrv/analyzer.js';
import type { HrvWindow } from '../../hrv/types.js';
import { AfDetector } from '../af/detector.js';
import { BeatEpisodes, type BeatEpisodeOptions } from '../episodes/rules.js';
import { EpisodeSlot } from '../episodes/slot.js';
import type { BeatLabel, Episode, EpisodeSink } from '../types.js';
import { ArtefactPause } from './artefact-pause.js';
import { AsystoleHold } from './asystole-hold.js';
import { FibrillationSpans } from './fibrillation-spans.js';
import { HeartSeen } from './heart-seen.js';
import { EpisodeGate, type GatePolicy } from './gate.js';
import { ONE_LEAD_SILENT } from './lead-agreement.js';
import { Q } from './quality-code.js';
import { SummaryAccumulator, type RhythmSummary } from './summary.js';
import { WINDOW_SECONDS } from '../vf/shockable-detector.js';

export interface RhythmEvents {
  /** Every beat that reaches the rhythm rules, in order (beats in lead-off seconds are dropped). */
  onBeat?: (sample: number, label: BeatLabel) => void;
  /** Episodes after the quality policy; a second 'open' of the same object is an escalation. */
  onEpisode?: EpisodeSink;
  /**
   * Quality of each second (best lead), in order, and the leads off in it (a bit per lead, from
   * each lead's own quality; always 0 for beats mode).
   */
  onSecond?: (second: number, code: Q, offLeads: number) => void;
  /** HRV of each 5-minute window, as it completes. */
  onHrv?: (window: HrvWindow) => void;
}

const LABELS: readonly BeatLabel[] = ['N', 'S', 'V', 'Q'];
/**
 * Flag added to a beat's artefact evidence (beat()) where its shape alone makes it artefact
 * (classify/artefact.ts motionShapedAlone). While a lead is off, the off lead shows nothing under
 * every beat, so "absent from a lead" proves nothing, and the size-based rules read its flat line as
 * a collapse: only this counts then. Without it, with the second electrode off, new shapes of
 * mitdb 108, 116 and 124 (ventricular beats the off lead "did not show") were set aside as sure
 * artefact and 5 urgent PAUSE flags stood in their rhythm (bench rhythm --parts leadoff).
 */
export const ARTEFACT_BY_SHAPE_ALONE = 4;
/**
 * Flag added to a beat's artefact evidence where the detection is too small on every lead to be a
 * QRS (classify/artefact.ts tooSmallForQrs): it cannot end an urgent pause or an asystole
 * (asystole-hold.ts).
 */
export const NOT_QRS_SIZED = 8;
/**
 * Flag added to a beat's artefact evidence where its window turns like noise, not like a QRS, and
 * its shape has not recurred (classify/decide.ts looksLikeNoise): such a detection does not show
 * the heart (heart-seen.ts).
 */
export const NOISE_SHAPED = 16;
const LABEL_CODE: Record<BeatLabel, number> = { N: 0, S: 1, V: 2, Q: 3 };
/** A NOISE episode closes after this many clean seconds, so it does not flap. */
const NOISE_CLEAR_S = 3;
const BEAT_QUEUE = 1024;
/**
 * Cross-lead beat agreement (F1 over 10 s) under which a not-clean second is suspect of artefact.
 * Clean two-lead mitdb records agree at > 0.9 (in 2-3 % of their seconds below 0.8, where one lead
 * shows small QRS); nstdb 118e_6's noisy seconds fall below 0.8 90 % of the time.
 */
const SUSPECT_AGREEMENT = 0.8;

/**
 * The rhythm side of the analyzer, driven one second ("tick") at a time, in two pipelines:
 * - fast: raw beats (straight from the QRS detector) and the quality of each second; once both
 *   cover second k: quality (LEADOFF / NOISE, the gate's history), the second's beats into the
 *   pause rule, then the sample clock moves to its end, so a pause is raised as soon as the
 *   detector's fixed delay allows, not after the classifier's look-ahead;
 * - slow: labelled beats (after the classifier's delay) for everything that needs labels: rate,
 *   ventricular runs, AF, HRV, burden, and the end of the signal detectors' (VF) episodes (their
 *   onsets go to the gate as soon as the detector raises them: see signalEpisode).
 * Ticking on whole seconds of the sample clock is what makes every decision independent of how
 * the input was chunked; it costs at most one second of extra delay.
 */
export class RhythmCore {
  readonly secondLength: number; // samples per tick
  readonly gate: EpisodeGate;
  readonly rules: BeatEpisodes;
  private readonly af: AfDetector;
  private readonly summary: SummaryAccumulator;
  private readonly hrv: HrvAnalyzer;
  private readonly leadOff: EpisodeSlot;
  private readonly noise: EpisodeSlot;
  private readonly beatSamples = new Float64Array(BEAT_QUEUE);
  private readonly beatLabels = new Uint8Array(BEAT_QUEUE);
  private readonly beatPWaves = new Float64Array(BEAT_QUEUE); // P-wave score (AtrialActivity), NaN unknown
  private readonly beatTimes = new Float64Array(BEAT_QUEUE); // the beat's time for HRV's intervals (hrv/fiducial.ts)
  private lastNnTime = -1; // the last time given to HRV
  private readonly beatArtefact = new Uint8Array(BEAT_QUEUE); // artefact evidence: 0 a beat, 1 by shape, 2 a lead shows nothing; + ARTEFACT_BY_SHAPE_ALONE, NOT_QRS_SIZED, NOISE_SHAPED
  private readonly artefactPause: ArtefactPause;
  private readonly asystoleHold: AsystoleHold;
  private beatHead = 0;
  private beatCount = 0;
  private readonly rawSamples = new Float64Array(BEAT_QUEUE);
  private rawHead = 0;
  private rawCount = 0;
  private fastTick = 0; // next second for the fast pipeline
  private slowOffSince = -1; // lead-off stretch as the slow pipeline sees it
  private readonly qualityRing = new Uint8Array(256);
  private readonly leadOffRing = new Uint8Array(256); // the leads off in the second, a bit per lead
  private readonly emptyRing = new Uint8Array(256); // the leads on but showing no QRS-band activity, a bit per lead
  private readonly silentRing = new Int8Array(256); // the lead that showed no beats while the other did (-1 none)
  private readonly unseenRing = new Uint8Array(256); // 1: one lead off, the other unable to show the beats (beatsUnseen)
  private readonly suspectRing = new Uint8Array(256); // 1: suspect of artefact (fast(): the leads disagree on the beats)
  /**
   * Per lead: 1 while it was last seen showing the beats the other lead shows, 0 once it was seen
   * on but showing none while the other showed them (complexes too small to detect: mitdb 101's
   * 0.16-mV V1). Learnt in seconds with both leads on; until then a lead is taken to show them.
   */
  private readonly carries = new Uint8Array([1, 1]);
  private qualityKnown = 0; // seconds with known quality
  private readonly agreementRing = new Float64Array(256); // cross-lead beat agreement (F1) per second
  private agreementKnown: number; // seconds with known agreement (Infinity without a second lead)
  private readonly periodRing = new Float64Array(256); // organised fast period (s, 0 none) of the window ending at second e
  private readonly shockRing = new Uint8Array(256); // 1: the window ending at second e was shockable (VF or rapid VT)
  private periodKnown = 0; // windows reported (ending at seconds 1..periodKnown)
  private tick = 0; // next second for the slow pipeline (always <= fastTick)
  private offSince = -1; // first sample of the current lead-off stretch
  private cleanSeconds = 0;
  private lastPoorEnd = -1;
  private readonly pendingSignalEpisodes: { ep: Readonly<Episode>; event: 'open' | 'close'; second: number }[] = [];
  private readonly fibrillation: FibrillationSpans;
  private inFibrillation = false; // the slow pipeline's last second was under a VFIB flag
  private heart: HeartSeen | null = null; // signal streams: when the heart has shown itself (awaitHeart)

  constructor(
    readonly sampleRate: number, // Hz
    rules: BeatEpisodeOptions['rules'],
    private readonly events: RhythmEvents,
    policy?: GatePolicy,
    /** Two leads: wait for each second's cross-lead beat agreement (`leadAgreement`), noise evidence for the gate. */
    crossLead = false,
  ) {
    this.agreementKnown = crossLead ? 0 : Infinity;
    this.secondLength = Math.round(sampleRate);
    const out: EpisodeSink = (ep, event) => {
      this.summary.episode(ep, event);
      events.onEpisode?.(ep, event);
    };
    this.gate = new EpisodeGate(this.secondLength, out, policy);
    this.rules = new BeatEpisodes({ sampleRate, rules }, this.gate.input);
    this.artefactPause = new ArtefactPause(sampleRate, this.rules.rules.pause.urgentS, this.gate.input);
    this.asystoleHold = new AsystoleHold(this.rules.pause, BEAT_QUEUE);
    this.af = new AfDetector({ sampleRate }, this.gate.input);
    this.summary = new SummaryAccumulator(sampleRate, this.rules.rules.rate.medianOf);
    this.hrv = new HrvAnalyzer({ sampleRate }, (w) => {
      this.summary.hrv(w);
      events.onHrv?.(w);
    });
    this.fibrillation = new FibrillationSpans(Math.round(WINDOW_SECONDS * sampleRate));
    this.leadOff = new EpisodeSlot('LEADOFF', out);
    this.noise = new EpisodeSlot('NOISE', out);
  }

  /** A beat as the QRS detector reports it, before its label (increasing samples): feeds the pause rule. */
  rawBeat(sample: number): void {
    if (this.rawCount === BEAT_QUEUE) throw new Error('RhythmCore: raw beat queue overflow (quality far behind the beats?)');
    this.rawSamples[(this.rawHead + this.rawCount) % BEAT_QUEUE] = sample;
    this.rawCount++;
  }

  /**
   * A labelled beat (increasing samples), with its P-wave score when the ECG is at hand (-1..1, NaN
   * unknown), and how sure its features make it artefact: 0 a beat, 1 judged by shape, 2 the
   * second lead shows nothing there (classify/artefact.ts), with ARTEFACT_BY_SHAPE_ALONE added
   * where its shape alone says artefact (what counts while a lead is off), NOT_QRS_SIZED where it
   * is too small to end an asystole and NOISE_SHAPED where it looks like noise; `time`: the beat's
   * time for the RR intervals of HRV (BeatFiducial, steadier than the detector's mark), the mark by
   * default.
   */
  beat(sample: number, label: BeatLabel, pWave = Number.NaN, artefact = 0, time = sample): void {
    if (this.beatCount === BEAT_QUEUE) throw new Error('RhythmCore: beat queue overflow (quality far behind the beats?)');
    const i = (this.beatHead + this.beatCount) % BEAT_QUEUE;
    this.beatSamples[i] = sample;
    this.beatLabels[i] = LABEL_CODE[label];
    this.beatPWaves[i] = pWave;
    this.beatArtefact[i] = artefact;
    this.beatTimes[i] = time;
    this.beatCount++;
  }

  /**
   * The time HRV gets for a beat: its fiducial time, unless that would not come after the last
   * one given (two detections 0.2 s apart, each placed 0.1 s towards the other: noise), then its
   * mark, or just after the last time.
   */
  private nnTime(sample: number, time: number): number {
    const t = time > this.lastNnTime ? time : sample > this.lastNnTime ? sample : this.lastNnTime + 1;
    this.lastNnTime = t;
    return t;
  }

  /**
   * Quality of the next second (in order; the best lead's), the leads off in it, and the leads on
   * but empty in it (no QRS-band activity at all), a bit per lead.
   */
  quality(code: Q, offLeads = 0, emptyLeads = 0): void {
    if (this.qualityKnown - this.tick >= this.qualityRing.length) throw new Error('RhythmCore: quality queue overflow');
    this.qualityRing[this.qualityKnown % this.qualityRing.length] = code;
    this.leadOffRing[this.qualityKnown % this.leadOffRing.length] = offLeads;
    this.emptyRing[this.qualityKnown % this.emptyRing.length] = emptyLeads;
    this.qualityKnown++;
  }

  /**
   * Cross-lead beat agreement (F1 0..1, NaN unknown, ONE_LEAD_SILENT) of the next second (in order),
   * and, when one lead was silent, which (LeadAgreement.silentLead).
   */
  leadAgreement(f1: number, silentLead = -1): void {
    if (this.agreementKnown - this.fastTick >= this.agreementRing.length) throw new Error('RhythmCore: lead agreement queue overflow');
    this.agreementRing[this.agreementKnown % this.agreementRing.length] = f1;
    this.silentRing[this.agreementKnown % this.silentRing.length] = silentLead;
    this.agreementKnown++;
  }

  /**
   * Second k has one lead off and the other is one that, while both were on, did not show the
   * beats the first one showed: no lead can show the beats, so the beat rules have nothing to
   * judge, as when every lead is off. Without this, the first lead going flat on mitdb 101 (its V1
   * QRS is 0.16 mV: the detector sees one beat in four there) raised 68 ASYSTOLE (3 urgent) and
   * 61 PAUSE flags in the last 20 minutes of a steady sinus rhythm. Learns `carries` from the
   * seconds with both leads on.
   */
  private beatsUnseen(k: number): boolean {
    if (!(k < this.agreementKnown && this.agreementKnown !== Infinity)) return false;
    const i = k % this.agreementRing.length;
    const off = this.leadOffRing[k % this.leadOffRing.length];
    const f1 = this.agreementRing[i];
    if (off === 0) {
      const silent = this.silentRing[i];
      if (f1 === ONE_LEAD_SILENT && silent >= 0) {
        this.carries[silent] = 0;
        this.carries[1 - silent] = 1;
      } else if (f1 >= SUSPECT_AGREEMENT) {
        this.carries[0] = this.carries[1] = 1;
      }
      return false;
    }
    if (off !== 1 && off !== 2) return false; // every lead off: LeadOff already
    return this.carries[off === 1 ? 1 : 0] === 0;
  }

  /**
   * The period (s; 0 none) of an organised fast rhythm in the signal window that ends at the next
   * whole second (in order, one per second; see organised-rhythm.ts), and whether the shockable
   * detector called that window shockable.
   */
  signalPeriod(periodS: number, shockable = false): void {
    this.periodRing[++this.periodKnown % this.periodRing.length] = periodS;
    this.shockRing[this.periodKnown % this.shockRing.length] = shockable ? 1 : 0;
  }

  /**
   * Is second k inside a ventricular rhythm by its waveform (the window centred on it repeats
   * faster than 100/min or is shockable)? Its complexes are new shapes one after another
   * (polymorphic VT, VF): no detection there may be set aside as motion artefact.
   */
  private ventricularWaveform(k: number): boolean {
    return this.periodAround(k) > 0 || this.shockableAround(k);
  }

  /** Was the window centred on second k shockable (VF or rapid VT by its waveform)? */
  private shockableAround(k: number): boolean {
    const e = k + 2;
    return e <= this.periodKnown && this.periodKnown - e < this.shockRing.length && this.shockRing[e % this.shockRing.length] === 1;
  }

  /** The signal period around second k: the window centred on it (ending 2 s after its start). */
  private periodAround(k: number): number {
    const e = k + 2;
    return e <= this.periodKnown && this.periodKnown - e < this.periodRing.length ? this.periodRing[e % this.periodRing.length] : 0;
  }

  /**
   * Signal streams: a detection is not yet a heartbeat. Until most recent detections are shaped
   * like QRS complexes, or a shockable waveform shows the heart (heart-seen.ts), the pause rules
   * keep gaps at a warning. Call before any beat.
   */
  awaitHeart(): void {
    this.heart = new HeartSeen([this.rules.pause, this.artefactPause]);
  }

  /**
   * An episode from a signal-based detector (VF), raised during second `second`. An 'open' (or
   * escalation) goes to the gate at once: VF needs no labelled beats, and waiting for the slow
   * pipeline cost ~4 s on every shockable alarm. The gate judges it on the seconds it already
   * knows (a call on seconds known to be lead-off is still suppressed). This stays independent of
   * chunking: the detector decides at window ends on the sample clock, and the gate only changes
   * in step(), at whole seconds. A 'close' waits for the slow pipeline, as before, so that VFIB
   * stays open (fibrillating(): no PAUSE/ASYSTOLE in VF) until every pipeline has passed its end.
   */
  signalEpisode(ep: Readonly<Episode>, event: 'open' | 'close', second: number): void {
    if (event === 'open') this.heart?.shockable();
    this.fibrillation.event(ep, event, (second + 1) * this.secondLength);
    if (event === 'open') this.gate.waveformInput(ep, event);
    else this.pendingSignalEpisodes.push({ ep, event, second });
  }

  /**
   * Processes every second whose quality and beats are known: raw beats up to `rawHorizon` for the
   * fast pipeline, labelled beats up to `labelHorizon` for the slow one.
   */
  step(labelHorizon: number, rawHorizon = labelHorizon): void {
    const sec = this.secondLength;
    while (this.fastTick < this.qualityKnown && this.fastTick < this.agreementKnown && (this.fastTick + 1) * sec - 1 <= rawHorizon) this.fast(this.fastTick++);
    while (this.tick < this.fastTick && (this.tick + 1) * sec - 1 <= labelHorizon) this.process(this.tick++);
  }

  /** End of the stream at `end` samples: every second left, then close what is open at the last sample. */
  finish(end: number): RhythmSummary {
    while (this.fastTick < this.qualityKnown) this.fast(this.fastTick++);
    while (this.tick < this.fastTick) this.process(this.tick++);
    const last = Math.max(0, end - 1);
    this.releaseSignalEpisodes(Infinity);
    this.rules.finish(last);
    this.artefactPause.finish(last);
    this.af.flush();
    this.hrv.advanceTo(end); // a window that ends with the stream is whole: reported, not dropped as partial
    this.hrv.flush();
    this.gate.closeAll(last);
    this.noise.close(this.lastPoorEnd >= 0 ? Math.min(this.lastPoorEnd, last) : last);
    this.leadOff.close(last);
    return this.summary.result(end, this.rules.burden.figures(end / this.sampleRate), this.gate.counts);
  }

  /**
   * Cross-lead agreement of second k, NaN unknown. Where one lead shows beats and the other none,
   * an off lead proves nothing (NaN), but a lead that is on and shows none does not confirm the
   * other's beats: they agree on nothing (0). Without that, a lead whose complexes are too small
   * to detect (mitdb 101's 0.16-mV V1) made the second "acceptable" by its clean look, while the
   * beats, and the gaps between them, came from the other lead's electrode motion alone.
   */
  private crossLeadF1(k: number): number {
    if (!(k < this.agreementKnown && this.agreementKnown !== Infinity)) return Number.NaN;
    const f1 = this.agreementRing[k % this.agreementRing.length];
    if (f1 !== ONE_LEAD_SILENT) return f1;
    return this.leadOffRing[k % this.leadOffRing.length] !== 0 ? Number.NaN : 0;
  }

  /**
   * In second k one lead showed beats and the other none (ONE_LEAD_SILENT): is the gap plain all
   * the same? Yes where the lead that showed the beats now shows nothing at all (an empty second:
   * no QRS-band activity, and the whole second within a few tenths of a millivolt), whatever the
   * silent lead says. Without this, asystole beside a lead that never showed the beats (mitdb 101's
   * V1) was a warning only. Motion on the lead that showed the beats is not empty, and neither is
   * an amplifier saturated by an electrode pop as it recovers (mitdb 116, 208: 0.4-6 mV a second).
   */
  private plainEmptyGap(k: number): boolean {
    const silent = this.silentRing[k % this.silentRing.length];
    if (silent < 0 || silent > 1) return false;
    return ((this.emptyRing[k % this.emptyRing.length] >> (1 - silent)) & 1) === 1;
  }

  /** Fast pipeline: quality, device events and pauses for second k. */
  private fast(k: number): void {
    const code = this.qualityRing[k % this.qualityRing.length] as Q;
    const from = k * this.secondLength;
    const to = from + this.secondLength - 1;
    // Noise the spectral quality misses (electrode motion): the leads disagree on where the beats
    // are, and the signal is not clean either. Lead-off and clean seconds are never suspect.
    const f1 = this.crossLeadF1(k);
    const suspect = (code === Q.Acceptable || code === Q.Poor) && f1 < SUSPECT_AGREEMENT;
    this.suspectRing[k % this.suspectRing.length] = suspect ? 1 : 0;
    // the gate judges the waveform's own episodes (VF) on the signal as it is; the beat rules see
    // a second no lead can show the beats in as lead-off
    const unseen = code !== Q.LeadOff && this.beatsUnseen(k);
    this.unseenRing[k % this.unseenRing.length] = unseen ? 1 : 0;
    const beatCode = unseen ? Q.LeadOff : code;
    // a gap is plain only where every lead on shows beats around it, clean or not: a lead on that
    // shows none (a quiet line, an electrode half off) does not confirm a pause. Beats the leads
    // merely disagree on in a clean second do not lower it: there the clean lead shows the gap
    // plainly (a pause under motion on the other lead, bench/rhythm/noise.ts).
    const oneSilent = code !== Q.LeadOff && f1 === 0 && this.agreementRing[k % this.agreementRing.length] === ONE_LEAD_SILENT;
    const emptyGap = oneSilent && this.plainEmptyGap(k);
    this.gate.second(k, code, suspect, (suspect || oneSilent) && !emptyGap, unseen);
    this.summary.second(code);
    this.deviceEvents(beatCode, from, to);
    this.events.onSecond?.(k, code, this.leadOffRing[k % this.leadOffRing.length]);
    while (this.rawCount > 0 && this.rawSamples[this.rawHead] <= to) {
      const sample = this.rawSamples[this.rawHead];
      this.rawHead = (this.rawHead + 1) % BEAT_QUEUE;
      this.rawCount--;
      if (beatCode !== Q.LeadOff) this.asystoleHold.raw(sample);
    }
    if (beatCode !== Q.LeadOff) this.asystoleHold.advance(to);
  }

  /** Slow pipeline: labelled beats of second k into the rules that need labels. */
  private process(k: number): void {
    const seen = this.qualityRing[k % this.qualityRing.length] as Q;
    const code = this.unseenRing[k % this.unseenRing.length] === 1 ? Q.LeadOff : seen; // see fast()
    const from = k * this.secondLength;
    const to = from + this.secondLength - 1;
    const { rate, ventricular } = this.rules;
    if (code === Q.LeadOff && this.slowOffSince < 0) {
      this.slowOffSince = from;
      rate.unusable(from, from);
      ventricular.unusable(from, from);
      this.artefactPause.unusable(from, from);
      this.summary.gap();
    } else if (code !== Q.LeadOff && this.slowOffSince >= 0) {
      rate.unusable(this.slowOffSince, from - 1);
      ventricular.unusable(this.slowOffSince, from - 1);
      this.artefactPause.unusable(this.slowOffSince, from - 1);
      this.slowOffSince = -1;
    }
    ventricular.organised(this.periodAround(k));
    const someLeadOff = this.leadOffRing[k % this.leadOffRing.length] !== 0;
    const judgeShape = code !== Q.Poor && !this.ventricularWaveform(k);
    const fibrillating = this.fibrillation.covers(from, to);
    if (fibrillating && !this.inFibrillation) {
      // the rhythm before the VF ends there: no AF or RR interval spans it
      this.af.flush();
      this.summary.gap();
    }
    this.inFibrillation = fibrillating;
    if (code === Q.Poor || fibrillating || this.shockableAround(k) || this.suspectRing[k % this.suspectRing.length] === 1) ventricular.doubt();
    while (this.beatCount > 0 && this.beatSamples[this.beatHead] <= to) {
      const sample = this.beatSamples[this.beatHead];
      const label = LABELS[this.beatLabels[this.beatHead]];
      const pWave = this.beatPWaves[this.beatHead];
      const evidence = this.beatArtefact[this.beatHead];
      const artefact = someLeadOff ? ((evidence & ARTEFACT_BY_SHAPE_ALONE) !== 0 ? 1 : 0) : evidence & 3;
      const time = this.nnTime(sample, this.beatTimes[this.beatHead]);
      this.beatHead = (this.beatHead + 1) % BEAT_QUEUE;
      this.beatCount--;
      if (code === Q.LeadOff) continue; // no beat can be seen on a flat line: artefact
      if (this.asystoleHold.judged(sample, (evidence & NOT_QRS_SIZED) === 0)) {
        // too small to be a QRS where one would end an asystole: no beat for any rule, reported as Q
        this.artefactPause.beat(sample, false);
        this.hrv.push(time, 'Q');
        this.events.onBeat?.(sample, 'Q');
        continue;
      }
      this.heart?.beat(label, artefact > 0, (evidence & NOISE_SHAPED) !== 0);
      if (!fibrillating) this.rules.burden.beat(label);
      // judged by shape only where the signal is readable (noise deforms real beats in a poor
      // second) and not a ventricular rhythm (whose complexes are new shapes); sure where a clean
      // lead (the second is good) shows nothing at the detection
      this.artefactPause.beat(sample, !(judgeShape && artefact > 0), artefact === 2 && code === Q.Good);
      rate.beat(sample);
      ventricular.beat(sample, label);
      if (fibrillating) {
        // under a VFIB flag a detection is a fibrillation wave, not a heartbeat: reported as Q and
        // kept out of the heart rate, the burden, AF and the NN intervals (a VF record read
        // "1600 V/h", "max 263 bpm" and AF in its VF). The pause, rate and run rules above still
        // see it as before: the gate holds what they raise under the flag, and names a VT that
        // outlasts the VF.
        this.summary.fibrillationWave();
        this.hrv.push(time, 'Q');
        this.events.onBeat?.(sample, 'Q');
        continue;
      }
      // a P wave seen through noise proves nothing, and noise must not veto AF: no score in poor seconds
      this.af.nextPWave = code === Q.Poor ? Number.NaN : pWave;
      this.af.pushBeat(sample, label);
      this.hrv.push(time, code === Q.Poor ? 'Q' : label); // a beat seen through noise is no NN interval
      this.summary.beat(sample, this.rules.heartRate, code);
      this.events.onBeat?.(sample, label);
    }
    if (code !== Q.LeadOff) this.artefactPause.advance(to);
    ventricular.advance(to);
    rate.advance(to);
    this.releaseSignalEpisodes(k);
  }

  private releaseSignalEpisodes(k: number): void {
    const q = this.pendingSignalEpisodes;
    let n = 0;
    while (n < q.length && q[n].second <= k) {
      this.gate.waveformInput(q[n].ep, q[n].event);
      n++;
    }
    if (n > 0) q.splice(0, n);
  }

  /**
   * LEADOFF while no lead can show the beats: every lead off, or one off and the other one that did
   * not show them (beatsUnseen); a device event, never ASYSTOLE. NOISE while the best lead is poor.
   */
  private deviceEvents(code: Q, from: number, to: number): void {
    if (code === Q.LeadOff) {
      if (this.offSince < 0) {
        this.offSince = from;
        this.asystoleHold.unusable(from, from);
        this.leadOff.open(from, 'warning');
      }
    } else if (this.offSince >= 0) {
      this.asystoleHold.unusable(this.offSince, from - 1);
      this.leadOff.close(from - 1);
      this.offSince = -1;
    }
    if (code === Q.Poor) {
      this.cleanSeconds = 0;
      this.lastPoorEnd = to;
      if (!this.noise.isOpen) this.noise.open(from, 'info');
    } else if (this.noise.isOpen && (code === Q.LeadOff || ++this.cleanSeconds >= NOISE_CLEAR_S)) {
      this.noise.close(code === Q.LeadOff ? from - 1 : this.lastPoorEnd);
    }
  }
}
