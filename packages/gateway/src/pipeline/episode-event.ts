import type { Severity } from '@clinic-edge/dsp';

/** What an alert message says happened to an episode. */
export type EpisodeEvent = 'open' | 'close' | 'escalate' | 'deescalate' | 'interrupted';

const RANK: Record<Severity, number> = { info: 0, warning: 1, urgent: 2 };

/**
 * The event name for an analyzer event, given the severity last sent for the same episode
 * (undefined when it was not open). The analyzer re-sends 'open' when an open episode's severity
 * changes: a VF flag goes urgent after two sure windows and back to warning when the windows stop
 * being sure, so the hub must be told which way it went, not only that it changed.
 */
export function episodeEvent(before: Severity | undefined, event: 'open' | 'close', now: Severity): EpisodeEvent {
  if (event === 'close' || before === undefined) return event;
  return RANK[now] >= RANK[before] ? 'escalate' : 'deescalate';
}
