import type { Episode } from '../types.js';

interface Span {
  key: number; // the episode's start, sample: the shockable detector sends a copy with each event
  start: number; // first sample read as VF; NaN while the episode is a waveform VT
  end: number; // last sample; Infinity while open
}

/**
 * Where the shockable detector's VFIB flags lie on the sample clock, so that the slow pipeline can
 * tell fibrillation waves from heartbeats. A flag is followed from its open to its close. A
 * waveform VT that turns to VF counts from the first window that read VF (`windowSamples` before
 * the event that renamed it), not from the VT's start: a VT's complexes are beats.
 * One span per arrest at a time; closed spans are dropped once the pipeline has passed them.
 */
export class FibrillationSpans {
  private readonly spans: Span[] = [];

  constructor(private readonly windowSamples: number) {}

  /** An event of the shockable detector, raised at sample `at`. */
  event(ep: Readonly<Episode>, event: 'open' | 'close', at: number): void {
    let span = this.spans.find((s) => s.key === ep.start);
    if (!span) {
      if (event === 'close') return;
      span = { key: ep.start, start: ep.type === 'VFIB' ? ep.start : Number.NaN, end: Infinity };
      this.spans.push(span);
    }
    if (ep.type === 'VFIB' && Number.isNaN(span.start)) span.start = Math.max(ep.start, at - this.windowSamples);
    if (event === 'close') span.end = ep.end ?? at;
  }

  /**
   * Whether samples [from, to] meet a VFIB span. Calls come in order of `from`; spans that ended
   * before it are forgotten.
   */
  covers(from: number, to: number): boolean {
    const spans = this.spans;
    while (spans.length > 0 && spans[0].end < from) spans.shift();
    for (let i = 0; i < spans.length; i++) {
      const s = spans[i];
      if (s.start <= to && s.end >= from) return true;
    }
    return false;
  }
}
