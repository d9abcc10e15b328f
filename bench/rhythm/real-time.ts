import { RhythmAnalyzer, type Episode } from '@clinic-edge/dsp';

/** Push size, s: events are timed at the end of the chunk that raised them (the gateway pushes what each serial read brings). */
export const CHUNK_SECONDS = 0.25;

/**
 * Streams a recording (one or two leads, from its first sample) through the full analyzer in
 * real-time chunks, handing each episode event to `onEpisode` with the sample at which the box
 * would have sent it.
 */
export function streamInRealTime(leads: readonly Float64Array[], fs: number, onEpisode: (ep: Readonly<Episode>, event: 'open' | 'close', now: number) => void): void {
  let now = 0;
  const analyzer = new RhythmAnalyzer({ sampleRate: fs, leads: leads.length >= 2 ? 2 : 1 }, { onEpisode: (ep, event) => onEpisode(ep, event, now) });
  const n = leads[0].length;
  const step = Math.max(1, Math.round(CHUNK_SECONDS * fs));
  for (let at = 0; at < n; at += step) {
    now = Math.min(n, at + step);
    analyzer.push(leads[0].subarray(at, now), leads[1]?.subarray(at, now));
  }
  now = n;
  analyzer.flush();
}
