import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { PublishError } from './errors.js';
import { HubLink } from './hub-link.js';
import type { Timers } from './runtime.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Timers that only record: the test fires them, so no real time passes between attempts. */
function manualTimers() {
  const scheduled: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => scheduled.push({ fn, ms, cleared: false }) - 1,
    clearTimeout: (h) => {
      if (typeof h === 'number' && scheduled[h]) scheduled[h].cleared = true;
    },
  };
  return { timers, scheduled };
}

describe('HubLink reconnects', () => {
  it('retries a refused connection only when its backoff timer fires, with doubling delays capped at maxMs', async () => {
    const { timers, scheduled } = manualTimers();
    const link = new HubLink({ url: `mqtt://127.0.0.1:${await closedPort()}`, site: 'site-a', timers, backoff: { initialMs: 100, maxMs: 400, jitter: 0 } });
    const failures: PublishError[] = [];
    link.on('failure', (e) => failures.push(e));
    link.start();
    for (let i = 0; i < 5; i++) {
      await expect.poll(() => scheduled.length).toBe(i + 1);
      await new Promise((r) => setTimeout(r, 30));
      expect(failures).toHaveLength(i + 1); // no attempt of its own between timers
      scheduled[i].fn();
    }
    await expect.poll(() => failures.length).toBe(6);
    expect(scheduled.slice(0, 5).map((s) => s.ms)).toEqual([100, 200, 400, 400, 400]);
    expect(new Set(failures.map((f) => f.code))).toEqual(new Set(['E_MQTT_CONNECT']));
    expect(failures[0].message).toMatch(/ECONNREFUSED/);
    await link.stop();
    expect(scheduled.at(-1)!.cleared).toBe(true); // stop cancels the pending retry
    expect(link.online).toBe(false);
  });

  it('publish refuses (returns false) while offline: nothing is queued inside the client', () => {
    const link = new HubLink({ url: 'mqtt://127.0.0.1:1', site: 'site-a' });
    let called = false;
    expect(link.publish('clinic-edge/v1/site-a/d/alerts', Buffer.from('{}'), false, () => (called = true))).toBe(false);
    expect(called).toBe(false);
  });
});
