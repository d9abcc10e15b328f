import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import type { WindowClass } from './classifier.js';
import { decisionCounts, EpisodeHysteresis, HOLD_MAX_SECONDS } from './hysteresis.js';

// The default counts: decisions 1 s apart (the detector passes its own hop's).
const { open: OPEN_AFTER, close: CLOSE_AFTER, switch: SWITCH_AFTER } = decisionCounts(1);

const WINDOW = 1000; // samples
const HOP = 250; // samples
const URGENT = 0.7;

interface Event {
  event: 'open' | 'close';
  at: number; // decision sample that raised it
  episode: Episode;
}

/** Feeds one decision per hop (kind and probability) and records every event with its time. */
function run(decisions: readonly [WindowClass, number][], latch = false, sure?: number): Event[] {
  const events: Event[] = [];
  let now = 0;
  const h = new EpisodeHysteresis(WINDOW, HOP, (episode, event) => events.push({ event, at: now, episode: { ...episode } }), URGENT, latch, sure);
  decisions.forEach(([kind, p], i) => {
    now = WINDOW + i * HOP;
    h.update(now, kind, p);
  });
  h.flush();
  return events;
}

const times = (n: number, d: [WindowClass, number]): [WindowClass, number][] => Array.from({ length: n }, () => d);

describe('EpisodeHysteresis tiers', () => {
  const waning = [...times(OPEN_AFTER, ['VFIB', 0.6]), ...times(OPEN_AFTER, ['VFIB', 0.9]), ...times(CLOSE_AFTER + 1, ['VFIB', 0.55]), ...times(CLOSE_AFTER, ['none', 0.1])] as [WindowClass, number][];

  it('opens below the urgent tier as a warning, escalates the same episode once OPEN_AFTER windows reach it and lowers it after CLOSE_AFTER below', () => {
    const ev = run(waning);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'warning'], ['open', 'urgent'], ['open', 'warning'], ['close', 'warning']]);
    const [open, escalation, lowering] = ev;
    for (const e of [escalation, lowering]) expect([e.episode.type, e.episode.start]).toEqual([open.episode.type, open.episode.start]); // the same episode, as the gate matches it
    expect(escalation.at - open.at).toBe(OPEN_AFTER * HOP);
    expect(lowering.at - escalation.at).toBe(CLOSE_AFTER * HOP);
  });

  it('with latchUrgent keeps the episode urgent until it closes', () => {
    const ev = run(waning, true);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'warning'], ['open', 'urgent'], ['close', 'urgent']]);
  });

  it('closes an urgent episode without lowering it first when the rhythm simply stops', () => {
    const ev = run([...times(OPEN_AFTER, ['VT', 0.9]), ...times(CLOSE_AFTER, ['none', 0])]);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'urgent'], ['close', 'urgent']]);
  });

  it('does not escalate on urgent windows that are not consecutive, and opens urgent when the opening windows are', () => {
    const alternating: [WindowClass, number][] = Array.from({ length: 10 }, (_, i) => ['VFIB', i % 2 === 0 ? 0.9 : 0.6]);
    expect(run(alternating).map((e) => e.episode.severity)).toEqual(['warning', 'warning']);
    const strong = run([...times(OPEN_AFTER, ['VT', 0.8]), ...times(CLOSE_AFTER, ['none', 0])]);
    expect(strong.map((e) => [e.event, e.episode.type, e.episode.severity])).toEqual([['open', 'VT', 'urgent'], ['close', 'VT', 'urgent']]);
  });

  it('renames a VT that turns to VF in place (one episode, same start and tier), and a new episode starts as a warning again', () => {
    const ev = run([
      ...times(OPEN_AFTER, ['VT', 0.9]),
      ...times(SWITCH_AFTER - 1, ['VFIB', 0.95]),
      ['VT', 0.9], // not SWITCH_AFTER in a row yet
      ...times(SWITCH_AFTER, ['VFIB', 0.95]),
      ...times(CLOSE_AFTER, ['none', 0]),
      ...times(OPEN_AFTER, ['VFIB', 0.6]),
    ]);
    expect(ev.map((e) => `${e.event} ${e.episode.type} ${e.episode.severity}`)).toEqual([
      'open VT urgent', 'open VFIB urgent', 'close VFIB urgent', 'open VFIB warning', 'close VFIB warning',
    ]);
    expect(ev[1].episode.start).toBe(ev[0].episode.start);
    expect(ev[1].at).toBe(WINDOW + (OPEN_AFTER + 2 * SWITCH_AFTER - 1) * HOP); // on the last of the VFIB run
  });

  it('keeps a VF that organises into VT one VFIB episode: no new alarm while the rhythm stays shockable', () => {
    const ev = run([...times(OPEN_AFTER, ['VFIB', 0.9]), ...times(4 * SWITCH_AFTER, ['VT', 0.9]), ...times(OPEN_AFTER, ['VFIB', 0.9]), ...times(CLOSE_AFTER, ['none', 0])]);
    expect(ev.map((e) => `${e.event} ${e.episode.type} ${e.episode.severity}`)).toEqual(['open VFIB urgent', 'close VFIB urgent']);
  });

  it('with the urgent tier at 0 every episode is urgent from its open (one tier)', () => {
    const events: Episode[] = [];
    const h = new EpisodeHysteresis(WINDOW, HOP, (e) => events.push({ ...e }));
    for (let i = 0; i < OPEN_AFTER; i++) h.update(WINDOW + i * HOP, 'VFIB', 0.51);
    h.flush();
    expect(events.map((e) => e.severity)).toEqual(['urgent', 'urgent']);
  });

  it('with a sure tier, one window there opens an urgent episode at once, starting where that window starts', () => {
    const ev = run([['none', 0], ['VFIB', 0.97], ['VFIB', 0.8], ...times(CLOSE_AFTER, ['none', 0])], false, 0.95);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'urgent'], ['close', 'urgent']]);
    expect(ev[0].at).toBe(WINDOW + HOP); // the second decision: no wait for another window
    expect(ev[0].at - ev[0].episode.start).toBe(WINDOW);
  });

  it('with a sure tier, one window there escalates an open warning, and windows below it still wait for OPEN_AFTER', () => {
    const ev = run([...times(OPEN_AFTER, ['VFIB', 0.6]), ['VFIB', 0.96], ...times(CLOSE_AFTER, ['none', 0])], false, 0.95);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'warning'], ['open', 'urgent'], ['close', 'urgent']]);
    expect(ev[1].at - ev[0].at).toBe(HOP);
    const unsure = run([['VFIB', 0.94], ...times(CLOSE_AFTER, ['none', 0])], false, 0.95);
    expect(unsure).toEqual([]);
  });

  it('without a sure tier one window never opens an episode, however sure', () => {
    expect(run([['VFIB', 0.999], ...times(CLOSE_AFTER, ['none', 0])])).toEqual([]);
  });
});

describe('EpisodeHysteresis counted in seconds', () => {
  it('spans the same times whatever the hop: a 0.5-s hop takes 3 decisions to open, 6 quiet ones to close', () => {
    expect(decisionCounts(1)).toEqual({ open: 2, close: 3, switch: 3, hold: HOLD_MAX_SECONDS });
    expect(decisionCounts(0.5)).toEqual({ open: 3, close: 6, switch: 6, hold: 2 * HOLD_MAX_SECONDS });
    for (const hopSeconds of [1, 0.5, 0.25]) {
      const fs = 200; // Hz, so that every hop is a whole number of samples
      const hop = hopSeconds * fs; // samples
      const events: { event: string; at: number; start: number; end: number | null }[] = [];
      let now = 0;
      const h = new EpisodeHysteresis(WINDOW, hop, (e, event) => events.push({ event, at: now, start: e.start, end: e.end }), URGENT, false, Number.POSITIVE_INFINITY, decisionCounts(hopSeconds));
      const decisions: [WindowClass, number][] = [...times(4, ['none', 0]), ...times(Math.round(10 / hopSeconds), ['VFIB', 0.8]), ...times(Math.round(5 / hopSeconds), ['none', 0])];
      decisions.forEach(([kind, p], i) => h.update((now = WINDOW + i * hop), kind, p));
      const firstPositive = WINDOW + 4 * hop;
      const lastPositive = firstPositive + (Math.round(10 / hopSeconds) - 1) * hop;
      expect(events.map((e) => e.event)).toEqual(['open', 'close']);
      expect(events[0].at - firstPositive).toBe(fs); // one second of shockable windows
      expect(events[0].start).toBe(firstPositive - WINDOW);
      expect(events[1].at - lastPositive).toBe(3 * fs); // three seconds without
      expect(events[1].end).toBe(lastPositive - 1);
    }
  });
});

describe('EpisodeHysteresis.between', () => {
  it('raises the urgent flag at the sure tier between counted decisions, and changes no count', () => {
    const events: { event: string; severity: string; at: number; start: number }[] = [];
    let now = 0;
    const h = new EpisodeHysteresis(WINDOW, HOP, (e, event) => events.push({ event, severity: e.severity, at: now, start: e.start }), URGENT, false, 0.95);
    h.update((now = WINDOW), 'VFIB', 0.6); // one shockable window: no episode yet
    h.between((now = WINDOW + HOP / 2), 'VFIB', 0.9); // not sure: nothing
    expect(events).toEqual([]);
    h.between((now = WINDOW + HOP / 2 + 10), 'VFIB', 0.97); // sure: opens urgent, from the run's first window
    expect(events).toEqual([{ event: 'open', severity: 'urgent', at: WINDOW + HOP / 2 + 10, start: 0 }]);
    // A warning escalated between counted decisions, then lowered after CLOSE_AFTER counted ones below the tier.
    const ev = run([...times(OPEN_AFTER, ['VFIB', 0.6])]);
    expect(ev.map((e) => e.episode.severity)).toEqual(['warning', 'warning']);
    const lowered: string[] = [];
    const g = new EpisodeHysteresis(WINDOW, HOP, (e, event) => lowered.push(`${event} ${e.severity}`), URGENT, false, 0.95);
    for (let i = 0; i < OPEN_AFTER; i++) g.update(WINDOW + i * HOP, 'VFIB', 0.6);
    g.between(WINDOW + OPEN_AFTER * HOP - HOP / 2, 'VFIB', 0.96);
    g.between(WINDOW + OPEN_AFTER * HOP - HOP / 4, 'VFIB', 0.97); // already urgent: no second event
    for (let i = 0; i < CLOSE_AFTER; i++) g.update(WINDOW + (OPEN_AFTER + i) * HOP, 'VFIB', 0.6);
    expect(lowered).toEqual(['open warning', 'open urgent', 'open warning']);
    g.between(WINDOW + (OPEN_AFTER + CLOSE_AFTER) * HOP + HOP / 2, 'none', 0.97); // not shockable (below the detector's threshold): nothing
    expect(lowered).toHaveLength(3);
  });
});

describe('EpisodeHysteresis.unreadable', () => {
  /** Feeds decisions, null for a window no lead could be read in; records every event. */
  function runWithGaps(decisions: readonly ([WindowClass, number] | null)[]): Event[] {
    const events: Event[] = [];
    let now = 0;
    const h = new EpisodeHysteresis(WINDOW, HOP, (episode, event) => events.push({ event, at: now, episode: { ...episode } }), URGENT);
    decisions.forEach((d, i) => {
      now = WINDOW + i * HOP;
      if (d === null) h.unreadable();
      else h.update(now, d[0], d[1]);
    });
    h.flush();
    return events;
  }
  const gap = (n: number): null[] => Array.from({ length: n }, () => null);

  it('holds an open urgent episode through unreadable windows: one episode, still urgent, ending at its last shockable window', () => {
    const vf = times(OPEN_AFTER + 2, ['VFIB', 0.9] as [WindowClass, number]);
    const ev = runWithGaps([...vf, ...gap(HOLD_MAX_SECONDS - 1), ...vf, ...times(CLOSE_AFTER, ['none', 0] as [WindowClass, number])]);
    expect(ev.map((e) => [e.event, e.episode.severity])).toEqual([['open', 'urgent'], ['close', 'urgent']]);
    const lastVf = WINDOW + (2 * vf.length + HOLD_MAX_SECONDS - 2) * HOP;
    expect(ev[1].episode.end).toBe(lastVf - 1);
  });

  it('the same windows read as non-shockable close the episode, and a gap of HOLD_MAX_SECONDS closes it too', () => {
    const vf = times(OPEN_AFTER + 2, ['VFIB', 0.9] as [WindowClass, number]);
    const quiet = runWithGaps([...vf, ...times(HOLD_MAX_SECONDS - 1, ['none', 0] as [WindowClass, number]), ...vf]);
    expect(quiet.map((e) => e.event)).toEqual(['open', 'close', 'open', 'close']);
    const long = runWithGaps([...vf, ...gap(HOLD_MAX_SECONDS), ...vf]);
    expect(long.map((e) => e.event)).toEqual(['open', 'close', 'open', 'close']);
    expect(long[1].at).toBe(WINDOW + (vf.length + HOLD_MAX_SECONDS - 1) * HOP); // at the last unreadable window held
    expect(long[1].episode.end).toBe(WINDOW + (vf.length - 1) * HOP - 1);
  });

  it('while closed an unreadable window breaks the run that would open an episode', () => {
    const one: [WindowClass, number][] = times(OPEN_AFTER - 1, ['VFIB', 0.9]);
    expect(runWithGaps([...one, null, ...one, null, ...one])).toEqual([]);
    expect(runWithGaps([...one, ...one]).map((e) => e.event)).toEqual(['open', 'close']);
  });
});
