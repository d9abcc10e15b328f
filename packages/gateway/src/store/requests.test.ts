import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from './outbox.js';

describe('requests from the command line to the daemon, through the outbox file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'requests-'));
    path = join(dir, 'outbox.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a request submitted by one process is taken once by the other, answered, and read back', () => {
    const cli = new Outbox({ path });
    const daemon = new Outbox({ path });
    const id = cli.requests.submit('requeue-dead', { ids: ['van1/ecg-1/alerts/3'] }, 1000);
    expect(cli.requests.state(id)).toEqual({ state: 'waiting' });
    const taken = daemon.requests.take(2000);
    expect(taken).toEqual([{ id, kind: 'requeue-dead', args: { ids: ['van1/ecg-1/alerts/3'] } }]);
    expect(daemon.requests.take(2001)).toEqual([]); // served once
    expect(cli.requests.state(id)).toEqual({ state: 'taken' });
    expect(cli.requests.withdraw(id)).toBe(false); // too late: the daemon has it
    daemon.requests.answer(id, { requeued: ['van1/ecg-1/alerts/3'], kept: [] }, 2002);
    expect(cli.requests.state(id)).toEqual({ state: 'answered', result: { requeued: ['van1/ecg-1/alerts/3'], kept: [] } });
    cli.close();
    daemon.close();
  });

  it('a request withdrawn before the daemon looks is never served, and old answers are cleared', () => {
    const box = new Outbox({ path });
    const gone = box.requests.submit('requeue-dead', {}, 0);
    expect(box.requests.withdraw(gone)).toBe(true);
    expect(box.requests.state(gone)).toBeNull();
    expect(box.requests.take(1)).toEqual([]);
    const old = box.requests.submit('requeue-dead', {}, 0);
    box.requests.take(0);
    box.requests.answer(old, { requeued: [], kept: [] }, 0);
    const later = box.requests.submit('requeue-dead', {}, 25 * 3600 * 1000);
    expect(box.requests.take(25 * 3600 * 1000).map((r) => r.id)).toEqual([later]);
    expect(box.requests.state(old)).toBeNull(); // an answer nobody read for a day is dropped then
    box.close();
  });
});
