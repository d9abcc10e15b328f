import { describe, expect, it } from 'vitest';
import type { BeatLabel } from '../types.js';
import { HEART_SEEN_BEATS, HEART_WINDOW, HeartSeen, type HeartWatcher } from './heart-seen.js';

function watcher(): HeartWatcher & { calls: string[] } {
  const calls: string[] = [];
  return { calls, awaitHeart: () => calls.push('await'), heartSeen: () => calls.push('seen') };
}

describe('HeartSeen', () => {
  it('tells every watcher to await the heart, then that it was seen once most recent detections were QRS-shaped or labelled', () => {
    const a = watcher();
    const b = watcher();
    const heart = new HeartSeen([a, b]);
    expect(a.calls).toEqual(['await']);
    for (let i = 0; i < 50; i++) heart.beat('Q', false, true); // muscle bursts: no class, noise-shaped
    for (let i = 0; i < 50; i++) {
      heart.beat('Q', false, false); // now and then a burst turns like a QRS: half of them here
      heart.beat('Q', false, true);
    }
    expect(a.calls).toEqual(['await']);
    const shows: [BeatLabel, boolean][] = [
      ['N', true], // noise-shaped, but labelled: a complex under the noise
      ['Q', false], // QRS-shaped, no class yet (an agonal rhythm's changing complexes)
      ['V', false],
    ];
    for (let i = 0; i < HEART_WINDOW; i++) heart.beat('S', true, false); // set aside as artefact: shows nothing
    for (let i = 0; i < HEART_SEEN_BEATS - 1; i++) heart.beat(shows[i % shows.length][0], false, shows[i % shows.length][1]);
    // HEART_SEEN_BEATS - 1 of the last HEART_WINDOW show the heart
    expect(a.calls).toEqual(['await']);
    heart.beat('N', false, false);
    expect(a.calls).toEqual(['await', 'seen']);
    expect(b.calls).toEqual(['await', 'seen']);
    heart.beat('N', false, false);
    expect(a.calls).toEqual(['await', 'seen']);
  });

  it('takes a shockable waveform as the heart at once', () => {
    const a = watcher();
    const heart = new HeartSeen([a]);
    heart.shockable();
    heart.shockable();
    heart.beat('N', false, false);
    expect(a.calls).toEqual(['await', 'seen']);
  });
});
