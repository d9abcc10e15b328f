import { describe, expect, it } from 'vitest';
import { EdgeRefiner, INTERVAL_IRREGULAR as I, INTERVAL_REGULAR as R, INTERVAL_UNKNOWN as U } from './edge-refiner.js';

/** A refiner holding `kinds` as intervals 0..n-1; interval i runs from sample 10i to 10(i+1). */
function holding(kinds: readonly number[], radius = 8, span = 8, capacity = 200): EdgeRefiner {
  const r = new EdgeRefiner(radius, span, capacity);
  kinds.forEach((k, i) => r.record(i, k, 10 * i, 10 * (i + 1)));
  return r;
}

const run = (kind: number, n: number): number[] => new Array<number>(n).fill(kind);

describe('EdgeRefiner', () => {
  it('moves a late onset back to the first of the irregular intervals', () => {
    const r = holding([...run(R, 40), ...run(I, 40)]);
    expect(r.onset(46)).toBe(400);
    expect(r.onset(35)).toBe(400);
  });

  it('outvotes a few odd intervals on either side of the change', () => {
    const kinds = [...run(R, 40), ...run(I, 40)];
    for (const i of [33, 37, 44, 47]) kinds[i] = kinds[i] === R ? I : R;
    expect(holding(kinds).onset(45)).toBe(400);
  });

  it('places an offset one interval before the kinds turn regular (the first sinus interval still reads irregular)', () => {
    const r = holding([...run(I, 40), ...run(R, 40)]);
    // intervals 0..38 were AF; 39, measured against the last AF interval, reads irregular too
    expect(r.offset(45)).toBe(10 * 39);
    expect(r.offset(33)).toBe(10 * 39);
  });

  it('lets unknown (ectopic) intervals vote neither way and keeps the decided edge on a tie', () => {
    expect(holding([...run(R, 40), ...run(U, 6), ...run(I, 40)]).onset(43)).toBe(430);
    expect(holding(run(U, 80)).onset(43)).toBe(430);
  });

  it('moves an edge no further than its radius', () => {
    expect(holding([...run(R, 40), ...run(I, 40)], 3).onset(46)).toBe(430);
  });

  it('looks at nothing before the segment was reset', () => {
    const r = holding([...run(I, 50), ...run(R, 50)]);
    r.reset();
    [...run(R, 4), ...run(I, 40)].forEach((k, i) => r.record(i, k, 1000 + 10 * i, 1000 + 10 * (i + 1)));
    expect(r.onset(6)).toBe(1040);
    expect(r.onset(1)).toBe(1040);
  });
});
