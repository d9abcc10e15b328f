import { describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { installSignalHandlers } from './signals.js';

const quiet = createLogger({ level: 'silent' });

describe('installSignalHandlers', () => {
  it('SIGTERM stops the daemon and exits 0 once it stopped', async () => {
    const exits: number[] = [];
    let stopped = false;
    const remove = installSignalHandlers({ stop: async () => void (stopped = true) }, quiet, { exit: (c) => exits.push(c) });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise((r) => setImmediate(r));
      expect(stopped).toBe(true);
      expect(exits).toEqual([0]);
    } finally {
      remove();
    }
  });

  it('a second signal during a slow stop exits at once with 143 (SIGINT: 130)', async () => {
    for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
      const exits: number[] = [];
      let calls = 0;
      const remove = installSignalHandlers({ stop: () => (calls++, new Promise<void>(() => {})) }, quiet, { exit: (c) => exits.push(c) });
      try {
        process.emit(signal, signal);
        process.emit(signal, signal);
        expect(calls).toBe(1);
        expect(exits).toEqual([status]);
      } finally {
        remove();
      }
    }
  });

  it('a stop that hangs past the deadline exits 1', async () => {
    const exits: number[] = [];
    const remove = installSignalHandlers({ stop: () => new Promise<void>(() => {}) }, quiet, { exit: (c) => exits.push(c), hardDeadlineMs: 20 });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      await new Promise((r) => setTimeout(r, 60));
      expect(exits).toEqual([1]);
    } finally {
      remove();
    }
  });
});
