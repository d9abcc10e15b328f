import { describe, expect, it } from 'vitest';
import type { Episode } from '../types.js';
import { ArtefactPause } from './artefact-pause.js';

const FS = 250; // Hz
const MIN_GAP_S = 3;

/** Runs beats (s, counts, sure) through an ArtefactPause, advancing the clock every `step` samples; returns the episodes it sent. */
function run(beats: [number, boolean, boolean?][], endS: number, step = FS): { events: [string, Episode][]; closed: Episode[] } {
  const events: [string, Episode][] = [];
  const p = new ArtefactPause(FS, MIN_GAP_S, (ep, event) => events.push([event, { ...ep }]));
  let i = 0;
  for (let t = step - 1; t < endS * FS; t += step) {
    for (; i < beats.length && Math.round(beats[i][0] * FS) <= t; i++) p.beat(Math.round(beats[i][0] * FS), beats[i][1], beats[i][2]);
    p.advance(t);
  }
  p.finish(endS * FS - 1);
  return { events, closed: events.filter(([e]) => e === 'close').map(([, ep]) => ep) };
}

/** Beats every second from 1 to `to` s; those inside (from, until) are set aside as artefact. */
function rhythm(to: number, from: number, until: number): [number, boolean][] {
  const out: [number, boolean][] = [];
  for (let t = 1; t <= to; t++) out.push([t, !(t > from && t < until)]);
  return out;
}

describe('ArtefactPause', () => {
  it('flags a gap of counted beats that only set-aside detections fill, as a PAUSE warning, never ASYSTOLE', () => {
    const { events, closed } = run(rhythm(20, 5, 11), 20); // counted 5 and 11: a 6-s gap holding 5 detections
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'PAUSE', severity: 'warning', start: 5 * FS, end: 11 * FS });
    expect(events.every(([, ep]) => ep.type === 'PAUSE' && ep.severity === 'warning')).toBe(true);
  });

  it('makes the gap urgent only when every detection in it was set aside on sure evidence', () => {
    const sure = (b: [number, boolean][]): [number, boolean, boolean][] => b.map(([t, c]) => [t, c, !c]);
    expect(run(sure(rhythm(20, 5, 11)), 20).closed.map((e) => e.severity)).toEqual(['urgent']);
    const mixed = sure(rhythm(20, 5, 11));
    mixed[7][2] = false; // one detection (at 8 s) judged by shape only
    expect(run(mixed, 20).closed.map((e) => e.severity)).toEqual(['warning']);
  });

  it('keeps a gap before the first counted beat of the stream a warning, even on sure evidence', () => {
    const beats: [number, boolean, boolean][] = [1, 2, 3, 4, 5, 6, 7].map((t) => [t, false, true]); // all set aside, surely
    beats.push([8, true, false], [9, true, false], [10, true, false]);
    expect(run(beats, 12).closed.map((e) => [e.severity, e.start / FS])).toEqual([['warning', 0]]);
  });

  it('leaves a plain gap (nothing set aside) to the raw-beat rule', () => {
    const beats: [number, boolean][] = [1, 2, 3, 4, 5, 11, 12, 13].map((t) => [t, true]);
    expect(run(beats, 15).events).toHaveLength(0);
  });

  it('says nothing while set-aside detections leave gaps under the minimum', () => {
    expect(run(rhythm(20, 5, 8), 20).events).toHaveLength(0); // counted 5 and 8: 3 s, not more
  });

  it('does not bridge a lead-off stretch', () => {
    const events: [string, Episode][] = [];
    const p = new ArtefactPause(FS, MIN_GAP_S, (ep, event) => events.push([event, ep]));
    p.beat(1 * FS, true);
    p.beat(2 * FS, false);
    p.unusable(2 * FS + 10, 9 * FS);
    p.advance(9 * FS);
    p.beat(10 * FS, true);
    p.finish(12 * FS);
    expect(events).toHaveLength(0);
  });

  it('gives the same episodes however often the clock advances', () => {
    const beats = rhythm(30, 8, 15);
    const coarse = run(beats, 30, FS).closed;
    expect(coarse).toHaveLength(1);
    expect(run(beats, 30, 7).closed).toEqual(coarse);
    expect(run(beats, 30, 3 * FS + 1).closed).toEqual(coarse);
  });
});
