import { RhythmAnalyzer, type Episode } from '@clinic-edge/dsp';
import { SAMPLE_LEAD_OFF, type EcgBlock } from '../serial/events.js';
import type { NewMessage } from '../store/types.js';
import { ECG_HEART_RATE, MDC_ECG_ELEC_POTL, WAVEFORM_UNIT } from './codes.js';
import { jsonMessage, waveformMessage, type Times } from './messages.js';
import { episodeEvent, type EpisodeEvent } from './episode-event.js';
import { SummaryWindow } from './summary-window.js';
import { WaveformEncoder } from './waveform-codec.js';
import { WaveformFramer } from './waveform-framer.js';

export interface EcgChannelOptions {
  site: string;
  device: string;
  sampleRate: number; // Hz
  leads: number;
  gain: number; // adu per mV
  baseline: number; // adu
  frameSeconds: number; // s, waveform frame length
  summaryIntervalS: number; // s, on the device's sample clock
  /** A hole in the sample clock up to this long is bridged as missing samples; longer restarts the analysis. */
  maxGapS?: number;
  /** Lead-off must persist this long before the status stream hears of a change, s. */
  leadOffHoldS?: number;
  /** The patient has a ventricular pacemaker: slow ventricular runs are info, not warnings (dsp episodes/config.ts). */
  pacedPatient?: boolean;
  /** Local mains frequency, Hz, notched in front of the beat analysis; 'auto' notches both (default). */
  mains?: 50 | 60 | 'auto';
  emit: (msg: NewMessage) => void;
  now: () => number;
}

/**
 * Seconds a change in which leads the analysis finds off must last before the status stream hears
 * of it: a lead's quality flickers through a loose contact, and the clinic needs the state, not each
 * flicker.
 */
const ANALYSIS_LEAD_OFF_HOLD_S = 3;

/** The analysis view of signal quality goes to the status stream; everything else is a risk flag. */
const QUALITY_EPISODES = new Set(['LEADOFF', 'NOISE']);

/**
 * One ECG device: its samples go to the waveform framer (lossless frames, ~1 s) and to the
 * RhythmAnalyzer (QRS, beat labels, VF, AF, pauses, rate, quality gate); episodes become alerts at
 * once, a summary goes out every `summaryIntervalS` of the sample clock, and lead-off changes go to
 * the status stream. Decision delays are the analyzer's (see RhythmAnalyzer): fixed, in samples.
 */
export class EcgChannel {
  readonly sampleRate: number;
  private analyzer: RhythmAnalyzer | null;
  private readonly framer: WaveformFramer;
  private readonly encoder = new WaveformEncoder();
  private readonly window: SummaryWindow;
  private readonly nanGap: Float64Array;
  private readonly holdSamples: number;
  private readonly maxGap: number;
  private next = -1; // expected next device sample
  private anchorSample = 0;
  private anchorTime = 0;
  private leadOff = false;
  private opposite = 0; // consecutive samples disagreeing with `leadOff`
  private offLeadsSent = 0; // leads off (a bit each) as last told to the status stream
  private offLeadsSeen = 0; // the mask the last seconds have shown...
  private offLeadsSince = 0; // ...since this second
  /** The block sample the analyzer's sample 0 is: what maps its samples and seconds onto the blocks'. */
  private origin = 0;
  private windowFirstSecond = 0; // the analyzer's second the summary window being filled began at
  private draining = false; // the analyzer is being flushed: before a restart, or at a shutdown
  private lastBpm: number | null = null;

  constructor(private readonly o: EcgChannelOptions) {
    this.sampleRate = o.sampleRate;
    this.window = new SummaryWindow(o.sampleRate, o.leads >= 2 ? 2 : 1);
    this.framer = new WaveformFramer(o.sampleRate, o.leads, Math.max(1, Math.round(o.frameSeconds * o.sampleRate)), o.gain, o.baseline, (frame, t) =>
      o.emit(waveformMessage(o.site, o.device, t, this.encoder.encode(frame), o.now())),
    );
    this.analyzer = this.makeAnalyzer();
    this.nanGap = new Float64Array(Math.round(o.sampleRate)).fill(NaN);
    this.holdSamples = Math.max(1, Math.round((o.leadOffHoldS ?? 0.5) * o.sampleRate));
    this.maxGap = Math.round((o.maxGapS ?? 10) * o.sampleRate);
  }

  push(block: EcgBlock): void {
    if (block.length === 0) return;
    if (this.next < 0) this.origin = block.firstSample;
    // A reopened port (block.discontinuity) lost samples it cannot count: the block numbering runs on
    // as if nothing was lost, so joining the two would close up the outage. Start the analysis afresh.
    else if (block.discontinuity) this.discontinuity(Number.POSITIVE_INFINITY, block.firstSample);
    else if (block.firstSample !== this.next) this.discontinuity(block.firstSample - this.next, block.firstSample);
    this.anchorSample = block.firstSample + block.length - 1;
    this.anchorTime = block.receivedAt;
    this.next = block.firstSample + block.length;
    this.framer.push(block.adc, block.quality, block.firstSample, block.length, this.timeOf);
    this.trackLeadOff(block);
    if (this.analyzer) {
      const mV = block.mV;
      if (this.analyzer.leads === 2) this.analyzer.push(mV[0], mV[1]);
      else this.analyzer.push(mV[0]);
    }
  }

  /**
   * Shutdown, or the device's stream replaced: the partial waveform frame goes out, the analysis runs
   * out what it holds, and what is still open goes out as interrupted (it did not end, but nobody
   * is watching it any more).
   */
  flush(): void {
    this.framer.flush();
    this.endAnalysis();
  }

  private readonly timeOf = (sample: number): number => Math.round(this.anchorTime - ((this.anchorSample - sample) * 1000) / this.sampleRate);

  private makeAnalyzer(): RhythmAnalyzer | null {
    // Below 100 Hz the analyzer cannot work; the waveform still goes out.
    if (!(this.o.sampleRate >= 100 && this.o.sampleRate <= 2000)) return null;
    return new RhythmAnalyzer(
      {
        sampleRate: this.o.sampleRate,
        leads: this.o.leads >= 2 ? 2 : 1,
        rules: this.o.pacedPatient ? { ventricular: { pacedPatient: true } } : undefined,
        mains: this.o.mains === undefined || this.o.mains === 'auto' ? 'both' : this.o.mains,
      },
      {
        onBeat: (s, label) => this.window.beat(s, label),
        onSecond: (second, code, offLeads) => this.onSecond(second, code, offLeads),
        onEpisode: (ep, event) => this.onEpisode(ep, event),
      },
    );
  }

  /** A hole of `gap` samples (Infinity: unknown) before the block starting at `firstSample`. */
  private discontinuity(gap: number, firstSample: number): void {
    this.framer.flush();
    if (gap > 0 && gap <= this.maxGap && this.analyzer) {
      // Bridge with missing samples so the sample clock (and every decision on it) stays true.
      const leads = this.analyzer.leads;
      for (let left = gap; left > 0; ) {
        const n = Math.min(left, this.nanGap.length);
        this.analyzer.push(this.nanGap, leads === 2 ? this.nanGap : undefined, 0, n);
        left -= n;
      }
      return;
    }
    // The device restarted its clock, or too much was lost: what is open can no longer be judged.
    this.endAnalysis();
    this.analyzer = this.makeAnalyzer();
    this.origin = firstSample;
  }

  /**
   * The analysis runs out what it holds (its last seconds wait on its decision delays); what is
   * still open goes out as interrupted, and the summary window so far with its own length. A new
   * analysis, if any, counts afresh.
   */
  private endAnalysis(): void {
    this.drain();
    const counted = this.window.secondsCounted;
    if (counted > 0) this.sendSummary(this.windowFirstSecond, counted);
    this.windowFirstSecond = 0;
    for (const ep of this.window.open.keys()) this.sendEpisode(ep, 'interrupted');
    this.window.open.clear();
    this.window.gap();
    this.offLeadsSeen = -1; // the new analysis's seconds count from 0: judge the leads afresh
  }

  /** Flushes the analyzer (once); an episode it closes there did not end: it is sent as interrupted. */
  private drain(): void {
    if (!this.analyzer) return;
    this.draining = true;
    this.analyzer.flush();
    this.draining = false;
    this.analyzer = null;
  }

  private trackLeadOff(block: EcgBlock): void {
    const q = block.quality;
    for (let i = 0; i < block.length; i++) {
      const off = q[i] === SAMPLE_LEAD_OFF; // a garbled (missing) sample is not an electrode off
      if (off === this.leadOff) {
        this.opposite = 0;
        continue;
      }
      if (++this.opposite < this.holdSamples) continue;
      this.leadOff = off;
      this.opposite = 0;
      const sample = block.firstSample + i - this.holdSamples + 1;
      this.o.emit(jsonMessage(this.o.site, this.o.device, 'status', 'dataQuality', this.times(sample), { leadOff: off, source: 'device' }, this.o.now()));
    }
  }

  private onSecond(second: number, code: number, offLeads: number): void {
    const every = Math.max(1, Math.round(this.o.summaryIntervalS));
    if (second > 0 && second % every === 0) {
      this.sendSummary(second - every, every);
      this.windowFirstSecond = second;
    }
    this.window.second(code, offLeads);
    this.trackAnalysisLeadOff(second, offLeads);
  }

  /**
   * Which leads the analysis finds off (flat, or far outside an ECG's range), once that has held
   * for ANALYSIS_LEAD_OFF_HOLD_S: with one lead of two off, the rhythm analysis carries on, on the
   * other alone, and the clinic should know it is working on one lead.
   */
  private trackAnalysisLeadOff(second: number, offLeads: number): void {
    if (offLeads !== this.offLeadsSeen) {
      this.offLeadsSeen = offLeads;
      this.offLeadsSince = second;
    }
    if (offLeads === this.offLeadsSent || second - this.offLeadsSince + 1 < ANALYSIS_LEAD_OFF_HOLD_S) return;
    this.offLeadsSent = offLeads;
    const leadsOff: number[] = [];
    for (let l = 0; l < 2; l++) if (offLeads & (1 << l)) leadsOff.push(l);
    const sample = this.origin + this.offLeadsSince * Math.round(this.sampleRate);
    this.o.emit(jsonMessage(this.o.site, this.o.device, 'status', 'dataQuality', this.times(sample), { leadsOff, source: 'analysis' }, this.o.now()));
  }

  private sendSummary(firstSecond: number, seconds: number): void {
    const f = this.window.take();
    this.lastBpm = f.heartRateBpm;
    const first = this.origin + firstSecond * Math.round(this.sampleRate);
    const body = {
      window: { firstSample: first, seconds },
      heartRate: { value: f.heartRateBpm, unit: ECG_HEART_RATE.ucum, loinc: ECG_HEART_RATE.loinc, mdc: ECG_HEART_RATE.mdc, method: 'ecg' },
      beats: f.beats,
      labels: f.labels,
      rr: { minMs: f.minRrMs, maxMs: f.maxRrMs },
      quality: f.quality,
      leadOffSeconds: f.leadOffSeconds,
      rhythm: f.rhythm.map((r) => ({ ...r, since: r.since + this.origin })),
    };
    this.o.emit(jsonMessage(this.o.site, this.o.device, 'summary', 'summary', this.times(first), body, this.o.now()));
  }

  private onEpisode(ep: Readonly<Episode>, event: 'open' | 'close'): void {
    if (this.draining && event === 'close') {
      this.window.open.delete(ep);
      this.sendEpisode(ep, 'interrupted');
      return;
    }
    const before = this.window.open.get(ep); // severity last sent
    if (event === 'open') this.window.open.set(ep, ep.severity);
    else this.window.open.delete(ep);
    this.sendEpisode(ep, episodeEvent(before, event, ep.severity));
  }

  private sendEpisode(ep: Readonly<Episode>, event: EpisodeEvent): void {
    const quality = QUALITY_EPISODES.has(ep.type);
    const start = ep.start + this.origin;
    const end = ep.end === null ? null : ep.end + this.origin;
    const at = event === 'close' && end !== null ? end : start;
    const body = {
      event,
      episode: {
        type: ep.type,
        severity: ep.severity,
        confidence: Math.round(ep.confidence * 1000) / 1000,
        start,
        end,
        startTime: this.timeOf(start),
        endTime: end === null ? null : this.timeOf(end),
      },
      heartRate: { value: this.lastBpm, unit: ECG_HEART_RATE.ucum, loinc: ECG_HEART_RATE.loinc, mdc: ECG_HEART_RATE.mdc },
    };
    const stream = quality ? 'status' : 'alerts';
    this.o.emit(jsonMessage(this.o.site, this.o.device, stream, quality ? 'signalQuality' : 'episode', this.times(at), body, this.o.now()));
  }

  private times(sample: number): Times {
    return { gateway: this.timeOf(sample), device: null, sample, sampleRate: this.sampleRate };
  }
}

/** What a subscriber needs to turn a waveform frame into physical values (documented in config/defaults.md). */
export const WAVEFORM_DESCRIPTION = { unit: WAVEFORM_UNIT, mdc: MDC_ECG_ELEC_POTL } as const;
