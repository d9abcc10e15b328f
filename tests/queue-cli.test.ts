/**
 * `clinic-edge queue --dead` and `--requeue-dead` on a real outbox file: the technician sees which
 * messages the hub refused and why, and puts them back once the hub is fixed, by the running daemon
 * when one holds the file (tests/daemon-requeue.test.ts runs it against a real daemon and broker).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, Outbox, serveRequests, statusPathFor, topicFor } from '@clinic-edge/gateway';
import { cliPath, tempDir } from '../bench/gateway/e2e.js';
import { cliAsync } from './support/cli.js';

const built = existsSync(cliPath());
if (!built) console.warn('queue CLI tests: skipped (build first: npx tsc -b tsconfig.build.json tsconfig.cli.json)');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A status file naming this test process as a running daemon. */
function runningStatus(): Record<string, unknown> {
  return { v: 1, pid: process.pid, site: 'van1', startedAt: Date.now(), updatedAt: Date.now(), state: 'running', devices: [], hub: { url: 'mqtt://127.0.0.1:1', online: false, since: null, lastError: null }, outbox: null, lastError: null };
}

/** An outbox with two alerts and a vitals message refused for good, and one vitals message waiting. */
function refusedOutbox(file: string): string[] {
  const box = new Outbox({ path: file });
  const put = (stream: 'alerts' | 'vitals') => ({ site: 'van1', device: 'ecg-1', stream, topic: topicFor('van1', 'ecg-1', stream), payload: Buffer.from('{"v":1}') });
  const stored = box.enqueue([put('alerts'), put('alerts'), put('vitals'), put('vitals')]);
  box.nextBatch(10, 1 << 20);
  for (const m of stored.slice(0, 3)) box.nack(m.id, 'not authorized (0x87)', true);
  box.release();
  box.close();
  return stored.map((m) => m.id);
}

describe.skipIf(!built)('clinic-edge queue: dead letters', () => {
  const tmp = tempDir('clinic-edge-queue-');
  afterAll(() => tmp.remove());

  it('lists the dead letters with their reason, requeues the ones named, then the rest', () => {
    const db = path.join(tmp.dir, 'a.db');
    const ids = refusedOutbox(db);
    const listed = cli('queue', '--db', db, '--dead');
    expect(listed.status).toBe(0);
    for (const id of ids.slice(0, 3)) expect(listed.stdout).toMatch(new RegExp(`${id}\\s+\\w+\\s+.*not authorized \\(0x87\\)`));
    expect(listed.stdout).not.toContain(ids[3]); // waiting, not dead
    expect(listed.stdout).toMatch(/dead letters: 3 now \(3 ever\)/);

    const one = cli('queue', '--db', db, '--requeue-dead', '--id', ids[0]!, 'van1/ecg-1/alerts/99');
    expect(one.status).toBe(0);
    expect(one.stdout).toContain(`requeued 1 dead letter(s): ${ids[0]}`);
    expect(one.stdout).toContain('no dead letter with id: van1/ecg-1/alerts/99');
    const after = JSON.parse(cli('queue', '--db', db, '--json').stdout) as { messages: number; deadLetters: number };
    expect(after).toMatchObject({ messages: 2, deadLetters: 2 });

    const rest = JSON.parse(cli('queue', '--db', db, '--requeue-dead', '--json').stdout) as { messages: number; deadLetters: number; requeue: { requeued: string[] } };
    expect(rest.requeue.requeued.sort()).toEqual([ids[1], ids[2]].sort());
    expect(rest).toMatchObject({ messages: 4, deadLetters: 0 });

    // What the daemon will send: every message again, alerts first, each stream in seq order.
    const box = new Outbox({ path: db });
    expect(box.nextBatch(10, 1 << 20).map((m) => m.id)).toEqual(ids);
    box.close();
  });

  it('hands the requeue to the running daemon, which makes it in its own process, and prints its answer', async () => {
    const db = path.join(tmp.dir, 'b.db');
    const ids = refusedOutbox(db);
    // This test process plays the daemon: its pid is in the status file and it serves the requests
    // as the daemon's timer does (packages/gateway/src/daemon/requests.ts).
    writeFileSync(statusPathFor(db), JSON.stringify(runningStatus()));
    const daemon = new Outbox({ path: db });
    let wakes = 0;
    const serving = setInterval(() => serveRequests(daemon, () => wakes++, createLogger({ level: 'silent' }), Date.now()), 50);
    const r = await cliAsync('queue', '--db', db, '--requeue-dead', '--id', ids[1]!);
    clearInterval(serving);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`requeued 1 dead letter(s): ${ids[1]}; by the running daemon (pid ${process.pid}), which sends them now`);
    expect(wakes).toBe(1);
    expect(daemon.stats()).toMatchObject({ messages: 2, deadLetters: 2 }); // the daemon's own totals
    daemon.close();
  });

  it('withdraws a request the daemon does not take in time, so that nothing is requeued behind the technician', async () => {
    const db = path.join(tmp.dir, 'd.db');
    refusedOutbox(db);
    writeFileSync(statusPathFor(db), JSON.stringify(runningStatus())); // a live pid that serves nothing
    const r = await cliAsync('queue', '--db', db, '--requeue-dead');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`the gateway daemon (pid ${process.pid}) did not take the request in 15 s`);
    const box = new Outbox({ path: db });
    expect(box.stats()).toMatchObject({ messages: 1, deadLetters: 3 });
    expect(box.requests.take(Date.now())).toEqual([]); // withdrawn, not left for later
    box.close();

    writeFileSync(statusPathFor(db), JSON.stringify({ ...runningStatus(), state: 'stopped' }));
    expect(cli('queue', '--db', db, '--requeue-dead').status).toBe(0); // no daemon: the command does it
    expect(JSON.parse(cli('queue', '--db', db, '--json').stdout)).toMatchObject({ messages: 4, deadLetters: 0 });
  }, 30_000);

  it('--id without --requeue-dead is a usage error', () => {
    const db = path.join(tmp.dir, 'c.db');
    refusedOutbox(db);
    const r = cli('queue', '--db', db, '--id', 'van1/ecg-1/alerts/1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--id goes with --requeue-dead/);
  });
});
