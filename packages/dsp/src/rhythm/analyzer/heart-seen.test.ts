import { describe, expect, it } from 'vitest';
import { HEART_SEEN_BEATS, HeartSeen, type HeartWatcher } from './heart-seen.js';

function watcher(): HeartWatcher & { calls: string[] } {
  const calls: string[] = [];
  return { calls, awaitHeart: () => calls.push('await'), heartSeen: () => calls.push('seen') };
}

describe('HeartSeen', () => {
  it('tells every watcher to await the heart, then that it was seen once enough QRS-shaped or labelled detections came', () => {
    const a = watcher();
    const b = watcher();
    const heart = new HeartSeen([a, b]);
    expect(a.calls).toEqual(['await']);
    for (let i = 0; i < 50; i++) heart.beat('Q', false, true); // muscle bursts: no class, noise-shaped
    for (let i = 0; i < HEART_SEEN_BEATS - 1; i++) heart.beat('Q', false, false); // a chance run of QRS-shaped bursts...
    heart.beat('Q', false, true); // ...broken by a noise-shaped one
    for (let i = 0; i < HEART_SEEN_BEATS - 1; i++) heart.beat('Q', false, false);
    heart.beat('N', true, false); // set aside as artefact: breaks a run too
    const counted: [string, boolean][] = [
      ['N', true], // noise-shaped, but its class has recurred: a complex under the noise
      ['Q', false], // QRS-shaped, no class yet (an agonal rhythm's changing complexes)
    ];
    for (let i = 0; i < HEART_SEEN_BEATS - 1; i++) heart.beat(counted[i % 2][0] as 'N' | 'Q', false, counted[i % 2][1]);
    expect(a.calls).toEqual(['await']);
    heart.beat('V', false, false);
    for (let i = 0; i < 5; i++) heart.beat('N', false, false);
    expect(a.calls).toEqual(['await', 'seen']);
    expect(b.calls).toEqual(['await', 'seen']);
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
