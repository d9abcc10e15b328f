import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { Outbox } from '../store/outbox.js';
import { msg } from '../store/testing/fixtures.js';
import { serveRequests } from './requests.js';

describe('the daemon serves requeue requests in its own process', () => {
  let dir: string;
  let path: string;
  let lines: string[];
  const log = () => createLogger({ level: 'info', destination: { write: (s: string) => lines.push(s) } });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'daemon-requests-'));
    path = join(dir, 'outbox.db');
    lines = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The daemon's outbox with two vitals messages refused for good and one alert waiting. */
  function refused(): { daemon: Outbox; ids: string[] } {
    const daemon = new Outbox({ path });
    const stored = daemon.enqueue([msg('vitals', 'ecg-1', 100), msg('vitals', 'ecg-1', 100), msg('alerts', 'ecg-1', 20)]);
    daemon.nextBatch(10, 1 << 20);
    for (const m of stored.slice(0, 2)) daemon.nack(m.id, 'not authorized (0x87)', true);
    daemon.release();
    return { daemon, ids: stored.map((m) => m.id) };
  }

  it('puts the dead letters back so that its own totals count them, answers, and wakes the publisher', () => {
    const { daemon, ids } = refused();
    expect(daemon.stats()).toMatchObject({ messages: 1, deadLetters: 2 });
    const cli = new Outbox({ path });
    const req = cli.requests.submit('requeue-dead', { ids: [ids[1]] }, 1);
    let wakes = 0;
    serveRequests(daemon, () => wakes++, log(), 2);
    expect(cli.requests.state(req)).toEqual({ state: 'answered', result: { requeued: [ids[1]], kept: [] } });
    expect(wakes).toBe(1);
    // The daemon's in-memory totals agree with the file as another process reads it.
    const fresh = new Outbox({ path });
    expect(daemon.stats()).toMatchObject({ messages: 2, deadLetters: 1, bytes: fresh.stats().bytes });
    expect(daemon.nextBatch(10, 1 << 20).map((m) => m.id)).toEqual([ids[2], ids[1]]); // alerts first, then the vitals
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; requeued?: number });
    expect(logged.find((l) => l.msg.startsWith('dead letters put back'))).toMatchObject({ requeued: 1 });
    fresh.close();
    cli.close();
    daemon.close();
  });

  it('answers a malformed or unknown request with an error, and goes on to the next', () => {
    const { daemon, ids } = refused();
    const cli = new Outbox({ path });
    const bad = cli.requests.submit('requeue-dead', { ids: 'all' }, 1);
    const unknown = cli.requests.submit('shred' as 'requeue-dead', {}, 1);
    const good = cli.requests.submit('requeue-dead', {}, 1);
    let wakes = 0;
    serveRequests(daemon, () => wakes++, log(), 2);
    expect(cli.requests.state(bad)).toEqual({ state: 'answered', result: { error: 'requeue-dead: args.ids must be a list of message ids' } });
    expect(cli.requests.state(unknown)).toEqual({ state: 'answered', result: { error: 'unknown request kind "shred"' } });
    expect(cli.requests.state(good)).toEqual({ state: 'answered', result: { requeued: [ids[0], ids[1]], kept: [] } });
    expect(daemon.stats()).toMatchObject({ messages: 3, deadLetters: 0 });
    expect(wakes).toBe(1);
    cli.close();
    daemon.close();
  });
});
