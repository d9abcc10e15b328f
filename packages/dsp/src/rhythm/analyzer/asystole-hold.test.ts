import { describe, expect, it } from 'vitest';
import { PauseDetector } from '../episodes/pause.js';
import type { Episode } from '../types.js';
import { AsystoleHold } from './asystole-hold.js';

const FS = 250; // Hz
const RULES = { warningS: 2, urgentS: 3, asystoleS: 4 };
/** The classifier's judgement comes this long after the detection (its look-ahead and delay), samples. */
const JUDGED_AFTER = 2 * FS;

/**
 * Detections (s) through an AsystoleHold as the analyzer's two pipelines feed it: each detection
 * raw as it comes, judged JUDGED_AFTER later (`small`: too small to be a QRS), the clock a second
 * at a time. Returns the gap episodes as they closed.
 */
function run(detections: [number, boolean][], endS: number): Episode[] {
  const closed: Episode[] = [];
  const pause = new PauseDetector(FS, RULES, (ep, event) => {
    if (event === 'close') closed.push({ ...ep });
  });
  const hold = new AsystoleHold(pause, 16);
  const marks = detections.map(([t, small]) => ({ at: Math.round(t * FS), small }));
  let raw = 0;
  let judged = 0;
  for (let t = FS - 1; t < endS * FS; t += FS) {
    for (; raw < marks.length && marks[raw].at <= t; raw++) hold.raw(marks[raw].at);
    hold.advance(t);
    for (; judged < marks.length && marks[judged].at + JUDGED_AFTER <= t; judged++) hold.judged(marks[judged].at, !marks[judged].small);
  }
  pause.finish(endS * FS - 1);
  return closed;
}

/** Detections a second apart from `from` to `to` s, all small or none. */
function every(from: number, to: number, small: boolean): [number, boolean][] {
  const out: [number, boolean][] = [];
  for (let t = from; t <= to; t++) out.push([t, small]);
  return out;
}

/** A beat a second up to 5 s, nothing for 6 s, then `after` (s, small or not). */
const stopped = (after: [number, boolean][]): [number, boolean][] => [...every(1, 5, false), ...after];

describe('AsystoleHold', () => {
  it('keeps ASYSTOLE open through detections too small to be a QRS, and ends it at the first QRS', () => {
    const closed = run(stopped([...every(11, 13, true), ...every(14, 20, false)]), 20);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'ASYSTOLE', severity: 'urgent', start: 5 * FS, end: 14 * FS });
  });

  it('lets the beats after that QRS count: no second gap opens behind the one that ended', () => {
    const closed = run(stopped([[11, true], [14, false], [14.8, true], [15.6, false], ...every(16, 20, false)]), 20);
    expect(closed.map((e) => [e.type, e.end])).toEqual([['ASYSTOLE', 14 * FS]]);
  });

  it('keeps it open to the end when no QRS comes', () => {
    const closed = run(stopped(every(11, 20, true)), 20);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'ASYSTOLE', end: 20 * FS - 1 });
  });

  it('leaves a gap shorter than an urgent PAUSE to the next detection, however small', () => {
    const closed = run(stopped([[7.5, true], ...every(8, 15, false)]), 15);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'PAUSE', severity: 'warning', end: 7.5 * FS });
  });

  it('keeps an urgent PAUSE open through a detection too small to be a QRS: it becomes ASYSTOLE', () => {
    const closed = run(stopped([[8.5, true], ...every(12, 16, false)]), 16);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'ASYSTOLE', severity: 'urgent', start: 5 * FS, end: 12 * FS });
  });

  it('ends a 3.7-s pause at its QRS as a PAUSE, though that QRS waited 2 s for its judgement', () => {
    const closed = run(stopped([[8.7, false], ...every(9.7, 15, false)]), 15);
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ type: 'PAUSE', severity: 'urgent', start: 5 * FS, end: 8.7 * FS });
  });

  it('ends the gap where the signal became unusable and forgets what it held', () => {
    const closed: Episode[] = [];
    const pause = new PauseDetector(FS, RULES, (ep, event) => {
      if (event === 'close') closed.push({ ...ep });
    });
    const hold = new AsystoleHold(pause, 16);
    hold.raw(1 * FS);
    pause.advance(6 * FS);
    hold.raw(7 * FS); // held
    hold.unusable(8 * FS, 10 * FS);
    expect(hold.judged(7 * FS, false)).toBe(false); // no longer held
    hold.raw(11 * FS);
    pause.advance(12 * FS);
    expect(closed).toMatchObject([{ type: 'ASYSTOLE', start: 1 * FS, end: 8 * FS - 1 }]);
  });
});
