import type { Episode, EpisodeSink, EpisodeType, Severity } from '../types.js';

const RANK: Record<Severity, number> = { info: 0, warning: 1, urgent: 2 };

/** Is a more severe than b? */
export function moreSevere(a: Severity, b: Severity): boolean {
  return RANK[a] > RANK[b];
}

/**
 * At most one open episode of one type. An episode object is allocated when it opens (rare), never
 * per beat. Escalation re-sends the same object with the event 'open': sinks treat a second 'open'
 * of an object they already hold as an update of its severity.
 */
export class EpisodeSlot {
  private current: Episode | null = null;

  constructor(
    readonly type: EpisodeType,
    private readonly sink: EpisodeSink,
  ) {}

  get isOpen(): boolean {
    return this.current !== null;
  }

  get severity(): Severity | null {
    return this.current?.severity ?? null;
  }

  get start(): number {
    return this.current ? this.current.start : -1;
  }

  open(start: number, severity: Severity, confidence = 1): void {
    if (this.current) throw new Error(`EpisodeSlot: ${this.type} is already open`);
    this.current = { type: this.type, severity, start, end: null, confidence };
    this.sink(this.current, 'open');
  }

  /** Raise the severity of the open episode (never lowers it). */
  escalate(severity: Severity): void {
    const ep = this.current;
    if (!ep || !moreSevere(severity, ep.severity)) return;
    ep.severity = severity;
    this.sink(ep, 'open');
  }

  /** Gives the open episode another type (same object, start and severity) and re-sends it: one alarm that got worse. */
  rename(type: EpisodeType, severity: Severity): void {
    const ep = this.current;
    if (!ep || (ep.type === type && !moreSevere(severity, ep.severity))) return;
    ep.type = type;
    if (moreSevere(severity, ep.severity)) ep.severity = severity;
    this.sink(ep, 'open');
  }

  close(end: number): void {
    const ep = this.current;
    if (!ep) return;
    ep.end = Math.max(end, ep.start);
    this.current = null;
    this.sink(ep, 'close');
  }

  /** An episode found only once it was over: opened and closed at once. */
  record(start: number, end: number, severity: Severity, confidence = 1): void {
    this.open(start, severity, confidence);
    this.close(end);
  }
}
