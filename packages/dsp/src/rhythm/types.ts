/**
 * The vocabulary shared by beat labelling, rhythm analysis and the gateway's alert messages.
 * Sample indices are integers counted from the first sample of the stream, at its own rate.
 */

/** N normal, S supraventricular premature, V ventricular, Q unknown or noisy (AAMI classes). */
export type BeatLabel = 'N' | 'S' | 'V' | 'Q';

export const EPISODE_TYPES = [
  'ASYSTOLE',
  'PAUSE',
  'BRADY',
  'TACHY',
  'AFIB',
  'VFIB',
  'VT',
  'VRUN',
  'BIGEMINY',
  'TRIGEMINY',
  'LEADOFF',
  'NOISE',
] as const;
export type EpisodeType = (typeof EPISODE_TYPES)[number];

export type Severity = 'urgent' | 'warning' | 'info';

/**
 * An open episode may be renamed in place when its rhythm gets worse, keeping its start (one alarm,
 * not two): a VT judged on the waveform that turns to VF becomes VFIB, a pause that reaches the
 * asystole time becomes ASYSTOLE. Sinks that match episodes by type and start look up the type
 * it had before.
 */
export const RENAMED_FROM: Readonly<Partial<Record<EpisodeType, EpisodeType>>> = { VFIB: 'VT', ASYSTOLE: 'PAUSE' };

export interface Episode {
  type: EpisodeType;
  severity: Severity;
  start: number; // sample
  /** Last sample of the episode; null while it is still going on. */
  end: number | null;
  /** 0..1: how much to trust it; falls with poor signal quality. */
  confidence: number;
}

/** Receives episodes as they open and again when they close (then `end` is set). */
export interface EpisodeSink {
  (episode: Readonly<Episode>, event: 'open' | 'close'): void;
}
