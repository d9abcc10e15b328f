import { describe, expect, it } from 'vitest';
import { episodeEvent } from './episode-event.js';

describe('episodeEvent', () => {
  it('opens and closes as the analyzer says when the episode is new or ends', () => {
    expect(episodeEvent(undefined, 'open', 'warning')).toBe('open');
    expect(episodeEvent('urgent', 'close', 'urgent')).toBe('close');
  });
  it('names a re-sent open by the direction its severity moved', () => {
    expect(episodeEvent('warning', 'open', 'urgent')).toBe('escalate');
    expect(episodeEvent('urgent', 'open', 'warning')).toBe('deescalate');
    expect(episodeEvent('warning', 'open', 'info')).toBe('deescalate');
  });
});
