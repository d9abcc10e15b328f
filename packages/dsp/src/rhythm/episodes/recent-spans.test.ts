import { describe, expect, it } from 'vitest';
import { RecentSpans } from './recent-spans.js';

describe('RecentSpans', () => {
  it('counts only the part of each span inside the stretch asked about', () => {
    const spans = new RecentSpans(4);
    spans.add(0, 100);
    spans.add(150, 200);
    expect(spans.coveredSince(50, 300)).toBe(50 + 50);
    expect(spans.coveredSince(120, 140)).toBe(0);
    expect(spans.coveredSince(180, 190)).toBe(10);
  });

  it('drops the oldest span when full, and forgets everything on clear', () => {
    const spans = new RecentSpans(2);
    spans.add(0, 10);
    spans.add(20, 30);
    spans.add(40, 50); // overwrites [0, 10]
    expect(spans.coveredSince(0, 100)).toBe(20);
    spans.clear();
    expect(spans.coveredSince(0, 100)).toBe(0);
    spans.add(60, 65);
    expect(spans.coveredSince(0, 100)).toBe(5);
  });
});
