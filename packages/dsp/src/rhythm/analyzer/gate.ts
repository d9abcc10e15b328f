import { RENAMED_FROM, type Episode, type EpisodeSink, type Severity } from '../types.js';
import { Q, QUALITY_SCORE } from './quality-code.js';

/**
 * Quality policy for rhythm episodes (everything but the device events LEADOFF and NOISE):
 * - confidence = mean quality score (good 1, acceptable 0.8, poor 0.35, lead off 0) of the
 *   seconds the episode spans, from its start to when it is raised (and to its end on close);
 * - an urgent flag needs acceptable quality: if fewer than `urgentGoodFraction` of its seconds
 *   are good or acceptable it is DOWNGRADED to warning (kept, never dropped, so a real event in
 *   noise still shows, at lower confidence);
 * - an episode most of whose seconds had every lead off is SUPPRESSED (a flat or missing signal
 *   can be neither VF nor a rhythm); lead-off itself is reported as LEADOFF;
 * - a PAUSE or ASYSTOLE that opens while VFIB is open is SUPPRESSED: the QRS detector finds no
 *   beats in VF, and the VF is already flagged;
 * - an episode of the beat-label and rate rules that opens while a shockable flag from the waveform
 *   (VFIB, or VT judged on the waveform) at least as severe is up is HELD back: in VF the "beats"
 *   are fibrillation waves, and the runs of "V beats", "AF" and rates made of them would bury the
 *   one flag that matters under dozens of meaningless ones (vfdb and cudb: ~1100 such episodes);
 *   under a waveform VT they name the rhythm already flagged. It is sent, with its own start, as
 *   soon as no shockable flag that severe is up while it is still open (the VT that outlasts the
 *   VF shows), and dropped (counted in `coveredByVf`) when it closes still held. One more severe
 *   than the shockable flag (urgent VT under a VF warning) is never held, and a VT still open
 *   HELD_VT_RELEASE_S after its start is sent: its beats have held for that long, so they are a
 *   real rhythm the doctor should see named (the beat rule's VT fragments inside VF last 1.8 s
 *   median, 21 of 651 reach 10 s);
 * - while an urgent shockable flag is up, an episode of the beat-label and rate rules is sent as a
 *   warning at most, and raised to urgent again when no urgent shockable flag is up: one arrest is
 *   one urgent alarm. A sustained VT named under a VF alarm was a second urgent alarm for the same
 *   event (vfdb: 87 of its 289 urgent flags opened while a VFIB flag was up, cudb 29 of 187);
 * - an episode of the beat-label and rate rules (VT, VRUN, BIGEMINY, TRIGEMINY, TACHY, BRADY,
 *   AFIB) most of whose seconds (`suspectFraction`) are SUSPECT of artefact (the leads disagree
 *   on the beats: see core.ts) is LOWERED one level (urgent to warning, warning to info): noise
 *   makes false ectopic runs and rates, yet a real event there stays on record. An urgent PAUSE
 *   or ASYSTOLE over such seconds is lowered to a warning, never further: a gap is plain only
 *   where both leads showed the beats around it; where one lead's "beats" are not on the other,
 *   or the other lead is on but shows none (complexes too small to detect), the missing beats may
 *   be hidden in that one lead's electrode motion (mitdb records under 118e_6's motion,
 *   bench/rhythm/noise-em.ts: 17 false urgent pauses and asystoles on 101, 108, 109 and 115
 *   before, none after; three real pauses inserted into noise went from urgent to warning,
 *   bench/rhythm/noise.ts). VF is never lowered (judged on the waveform, not on beats). A gap is
 *   lowered so over seconds where one lead is on and shows none of the other's beats even when the
 *   signal is clean (a quiet line proves no pause); not where the leads merely disagree in a clean
 *   second (the clean lead shows the gap plainly);
 * - an urgent shockable flag from the waveform most of whose seconds no lead could show the beats
 *   in (one lead off, the other one that never showed this heart's QRS: core.ts beatsUnseen) is
 *   sent as a warning: the waveform of such a lead is no ground for an urgent alarm either.
 * Detectors' episode objects are not touched: each gets an output copy.
 */
export interface GatePolicy {
  urgentGoodFraction: number;
  suppressLeadOffFraction: number;
  /** Seconds of history kept to judge an episode's onset (longer spans use what is kept). */
  historySeconds: number;
  suspectFraction: number;
}

/** Episodes made from beat labels and rates: what artefact beats fake. */
const BEAT_RULE_TYPES: ReadonlySet<Episode['type']> = new Set(['VT', 'VRUN', 'BIGEMINY', 'TRIGEMINY', 'TACHY', 'BRADY', 'AFIB']);
const LOWER: Record<Severity, Severity> = { urgent: 'warning', warning: 'info', info: 'info' };

export const DEFAULT_GATE_POLICY: Readonly<GatePolicy> = Object.freeze({ urgentGoodFraction: 0.8, suppressLeadOffFraction: 0.5, historySeconds: 120, suspectFraction: 0.5 });

interface Tracked {
  key: Readonly<Episode>; // the object it was opened with (the map key)
  source: { type: Episode['type']; start: number };
  out: Episode;
  suppressed: boolean;
  scoreSum: number;
  seconds: number;
  okSeconds: number; // good or acceptable
  offSeconds: number;
  suspectSeconds: number;
  gapSuspectSeconds: number; // suspect, or one lead on showed none of the other's beats (whatever the quality)
  blindSeconds: number; // no lead could show the beats (one off, the other too small: core.ts beatsUnseen)
  /** Raised by the shockable detector on the waveform itself (VFIB, VT), not from beats. */
  waveform: boolean;
  /** Severity its detector last asked for (judged again when a VF flag over it changes). */
  wanted: Severity;
  held: boolean; // beat-rule episode not sent yet because a VFIB flag covers it
  lastSecond: number; // last second added to the sums
  sent: boolean; // its 'open' has gone out
  peak: Severity; // highest severity sent for it
}

export interface GateCounts {
  downgraded: number;
  suppressed: number;
  /** Beat-rule episodes lowered one level as suspect of artefact. */
  lowered: number;
  /** Beat-rule episodes that opened and closed under a VFIB flag and were never sent. */
  coveredByVf: number;
}

/** Seconds after which a held beat-rule VT is sent even while a VF flag is up. */
export const HELD_VT_RELEASE_S = 10;

/** Severity order, to compare a held beat-rule flag with the VF flag over it. */
const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, urgent: 2 };

export class EpisodeGate {
  readonly counts: GateCounts = { downgraded: 0, suppressed: 0, lowered: 0, coveredByVf: 0 };
  private readonly history: Uint8Array;
  private readonly suspect: Uint8Array; // bits: 1 suspect of artefact, 2 the leads disagree on the beats, 4 no lead can show them
  private known = 0; // seconds 0..known-1 added
  private readonly open = new Map<Readonly<Episode>, Tracked>();

  constructor(
    private readonly secondLength: number, // samples
    private readonly out: EpisodeSink,
    private readonly policy: GatePolicy = DEFAULT_GATE_POLICY,
  ) {
    this.history = new Uint8Array(policy.historySeconds);
    this.suspect = new Uint8Array(policy.historySeconds);
  }

  /**
   * The quality of the next second (in order); whether it is suspect of artefact (beats the leads
   * disagree on, in a second that is not clean); whether a gap there is not plain (`gapSuspect`:
   * suspect, or one lead on shows none of the other's beats, clean or not); whether no lead can
   * show the beats (`blind`).
   */
  second(k: number, code: Q, suspect = false, gapSuspect = suspect, blind = false): void {
    const flags = (suspect ? 1 : 0) | (gapSuspect ? 2 : 0) | (blind ? 4 : 0);
    this.history[k % this.history.length] = code;
    this.suspect[k % this.suspect.length] = flags;
    this.known = k + 1;
    for (const t of this.open.values()) {
      this.addSecond(t, k, code, flags);
      if (t.held && this.sustainedVt(t) && this.judge(t, t.wanted)) this.out(t.out, 'open');
    }
  }

  /** An episode event from a detector. */
  readonly input: EpisodeSink = (ep, event) => this.receive(ep, event, false);

  /**
   * An episode event from the shockable detector (VFIB, VT judged on the waveform): not downgraded
   * for poor quality nor lowered as suspect of artefact. VF and rapid VT read as poor to a quality
   * index built for QRS complexes, and their beats disagree between leads; the detector refuses
   * gaps and flat windows itself and raises nothing on nstdb's electrode motion.
   */
  readonly waveformInput: EpisodeSink = (ep, event) => this.receive(ep, event, true);

  private receive(ep: Readonly<Episode>, event: 'open' | 'close', waveform: boolean): void {
    let t = this.find(ep, waveform);
    if (event === 'open') {
      if (!t) {
        t = this.track(ep, waveform);
        this.open.set(ep, t);
        if (this.judge(t, ep.severity)) this.out(t.out, 'open');
      } else {
        // an escalation or lowering; or a waveform VT that turned to VF, renamed in place
        const renamed = t.out.type !== ep.type;
        t.source.type = t.out.type = ep.type;
        if (this.judge(t, ep.severity) || (renamed && t.sent && !t.suppressed)) this.out(t.out, 'open');
      }
      if (t.waveform) this.rejudgeBeatRules();
      return;
    }
    if (!t) return;
    this.finish(t, ep.end ?? ep.start);
    if (t.waveform) this.rejudgeBeatRules();
  }

  /**
   * A shockable flag opened, changed or closed: the beat-rule episodes it held back may go out, and
   * those sent are capped at warning, or raised again, as the urgent shockable flags now say.
   */
  private rejudgeBeatRules(): void {
    for (const t of this.open.values()) if (!t.waveform && (t.held || t.sent) && this.judge(t, t.wanted, t.held)) this.out(t.out, 'open');
  }

  /**
   * The tracked episode an event is about: the same object, or (for detectors that send a copy
   * with each event) the open one of the same source, start and type, or of the type it was
   * renamed from (RENAMED_FROM).
   */
  private find(ep: Readonly<Episode>, waveform: boolean): Tracked | undefined {
    const same = this.open.get(ep);
    if (same) return same;
    const before = RENAMED_FROM[ep.type];
    for (const t of this.open.values()) {
      if (t.waveform === waveform && t.source.start === ep.start && (t.source.type === ep.type || t.source.type === before)) return t;
    }
    return undefined;
  }

  private finish(t: Tracked, end: number): void {
    this.open.delete(t.key);
    if (t.suppressed) return;
    if (t.held) {
      this.counts.coveredByVf++;
      return;
    }
    const endSecond = Math.floor(end / this.secondLength);
    for (let k = t.lastSecond + 1; k <= endSecond && k < this.known; k++) this.addHistory(t, k);
    t.out.end = end;
    t.out.confidence = round2(t.seconds > 0 ? t.scoreSum / t.seconds : 1);
    // A closed episode is judged by the worst it was: an alarm that went urgent and was lowered
    // before it ended was still an urgent alarm (the record, the report and the benches count it).
    t.out.severity = t.peak;
    this.out(t.out, 'close');
  }

  /** Closes whatever is still open at the end of the stream. */
  closeAll(end: number): void {
    for (const t of [...this.open.values()]) this.finish(t, t.key.end ?? end);
  }

  private track(ep: Readonly<Episode>, waveform: boolean): Tracked {
    const t: Tracked = { key: ep, source: { type: ep.type, start: ep.start }, out: { ...ep }, suppressed: false, scoreSum: 0, seconds: 0, okSeconds: 0, offSeconds: 0, suspectSeconds: 0, gapSuspectSeconds: 0, blindSeconds: 0, waveform, wanted: ep.severity, held: false, lastSecond: -1, sent: false, peak: 'info' };
    const first = Math.max(Math.floor(ep.start / this.secondLength), this.known - this.history.length, 0);
    for (let k = first; k < this.known; k++) this.addHistory(t, k);
    return t;
  }

  private addHistory(t: Tracked, k: number): void {
    const i = k % this.history.length;
    this.addSecond(t, k, this.history[i] as Q, this.suspect[i]);
  }

  /** A beat-rule VT whose beats have held for HELD_VT_RELEASE_S by the latest second known. */
  private sustainedVt(t: Tracked): boolean {
    return t.out.type === 'VT' && this.known * this.secondLength - t.out.start >= HELD_VT_RELEASE_S * this.secondLength;
  }

  /** Rank of the most severe VFIB flag up now (sent, not suppressed); -1 when none is. */
  private vfRank(): number {
    let rank = -1;
    for (const t of this.open.values()) if (t.out.type === 'VFIB' && t.sent && !t.suppressed) rank = Math.max(rank, RANK[t.out.severity]);
    return rank;
  }

  /** Rank of the most severe shockable flag from the waveform (VFIB or VT) up now; -1 when none is. */
  private shockRank(): number {
    let rank = -1;
    for (const t of this.open.values()) if (t.waveform && t.sent && !t.suppressed) rank = Math.max(rank, RANK[t.out.severity]);
    return rank;
  }

  private addSecond(t: Tracked, k: number, code: Q, flags: number): void {
    if (k <= t.lastSecond) return;
    if (t.out.end !== null && k * this.secondLength > t.out.end) return;
    t.lastSecond = k;
    t.seconds++;
    t.scoreSum += QUALITY_SCORE[code];
    if (code <= Q.Acceptable) t.okSeconds++;
    if (code === Q.LeadOff) t.offSeconds++;
    if (flags & 1) t.suspectSeconds++;
    if (flags & 2) t.gapSuspectSeconds++;
    if (flags & 4) t.blindSeconds++;
  }

  /**
   * Sets the output severity and confidence; true when there is something new to send. `count`:
   * add a downgrade or lowering to the counts (not when a sent episode is judged again only because
   * a shockable flag changed).
   */
  private judge(t: Tracked, wanted: Severity, count = true): boolean {
    const p = this.policy;
    const n = t.seconds;
    if (!t.sent && n > 0 && t.offSeconds / n >= p.suppressLeadOffFraction) {
      this.counts.suppressed++;
      t.suppressed = true;
    }
    if (!t.sent && (t.out.type === 'PAUSE' || t.out.type === 'ASYSTOLE') && this.vfRank() >= 0) {
      // the QRS detector finds no beats in VF: a gap there is the VF already flagged, not asystole
      this.counts.suppressed++;
      t.suppressed = true;
    }
    if (t.suppressed) return false;
    t.wanted = wanted;
    // either reason lowers the flag one level; they do not add up (a real VT in noise stays a warning)
    const poorSignal = wanted === 'urgent' && !t.waveform && n > 0 && t.okSeconds / n < p.urgentGoodFraction;
    // a gap is lowered to a warning at most: the beats before it may have been noise, but a gap stays worth a look
    const gap = (t.out.type === 'PAUSE' || t.out.type === 'ASYSTOLE') && wanted === 'urgent';
    const suspectSeconds = gap ? t.gapSuspectSeconds : t.suspectSeconds;
    const suspect = (BEAT_RULE_TYPES.has(t.out.type) || gap) && !t.waveform && n > 0 && suspectSeconds / n >= p.suspectFraction;
    // the waveform of a lead that could not show this heart's QRS is no ground for an urgent VF
    // alarm either (mitdb 101's V1 alone reads 0.11 mV of "VF"); still shown, as a warning
    const blind = t.waveform && wanted === 'urgent' && n > 0 && t.blindSeconds / n >= p.suspectFraction;
    let severity = poorSignal || suspect || blind ? LOWER[wanted] : wanted;
    t.out.confidence = round2(n > 0 ? t.scoreSum / n : 1);
    const beatRule = BEAT_RULE_TYPES.has(t.out.type) && !t.waveform;
    const shock = beatRule ? this.shockRank() : -1;
    t.held = !t.sent && beatRule && RANK[severity] <= shock && !this.sustainedVt(t);
    if (t.held) return false;
    if (severity === 'urgent' && shock === RANK.urgent) severity = 'warning';
    if (count && poorSignal) this.counts.downgraded++;
    else if (count && suspect && wanted !== 'info') this.counts.lowered++;
    if (t.sent && severity === t.out.severity) return false;
    t.out.severity = severity;
    t.sent = true;
    if (RANK[severity] > RANK[t.peak]) t.peak = severity;
    return true;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
