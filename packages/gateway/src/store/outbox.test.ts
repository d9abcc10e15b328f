import { mkdtempSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from './errors.js';
import { Outbox } from './outbox.js';
import { outboxContract } from './testing/outbox-contract.js';
import { msg } from './testing/fixtures.js';

outboxContract('Outbox (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-contract-'));
  const path = join(dir, 'outbox.db');
  return {
    open: (options) => new Outbox({ path, ...options }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('Outbox file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const modeOf = (p: string) => statSync(p).mode & 0o777;

  it('creates the database, its WAL and its directory owner-only', () => {
    const path = join(dir, 'nested', 'outbox.db');
    const box = new Outbox({ path });
    box.enqueue([msg('vitals')]);
    expect(modeOf(path)).toBe(0o600);
    expect(modeOf(`${path}-wal`)).toBe(0o600);
    expect(modeOf(join(dir, 'nested'))).toBe(0o700);
    box.close();
  });

  it('narrows an existing world-readable file to 0600', () => {
    const path = join(dir, 'outbox.db');
    new Outbox({ path }).close();
    chmodSync(path, 0o644);
    new Outbox({ path }).close();
    expect(modeOf(path)).toBe(0o600);
  });

  it('uses WAL with synchronous=FULL', () => {
    const path = join(dir, 'outbox.db');
    new Outbox({ path }).close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    // synchronous is per connection: check what Outbox sets through its own connection's effect.
    const box = new Outbox({ path });
    expect((box as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    box.close();
  });

  it('refuses a file that is not an outbox with E_STORE_OPEN, and leaves it alone', () => {
    const path = join(dir, 'outbox.db');
    writeFileSync(path, 'this is not a database, and it is long enough to have a header....'.repeat(4));
    const err = (() => {
      try {
        new Outbox({ path });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('E_STORE_OPEN');
    expect(statSync(path).size).toBe(264);
  });

  it('refuses a file from a newer schema with E_STORE_SCHEMA', () => {
    const path = join(dir, 'outbox.db');
    new Outbox({ path }).close();
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new Outbox({ path })).toThrow(expect.objectContaining({ code: 'E_STORE_SCHEMA' }));
  });
  it('requeues dead letters with their ids, bytes and creation times, and sends them again', () => {
    const path = join(dir, 'outbox.db');
    const box = new Outbox({ path });
    const [a, b, c] = box.enqueue([msg('alerts', 'dev1', 20, 1), msg('alerts', 'dev1', 30, 2), msg('vitals', 'dev1', 40, 3)]);
    const bytesBefore = box.stats().bytes;
    box.nextBatch(10, 1 << 20);
    box.nack(a!.id, 'not authorised', true);
    box.nack(c!.id, 'not authorised', true);
    box.ack([b!.id]);
    expect(box.deadLetters().map((d) => d.id).sort()).toEqual([a!.id, c!.id].sort());
    expect(box.stats().messages).toBe(0);

    // Only the one asked for, then the rest.
    expect(box.requeueDead([c!.id])).toEqual({ requeued: [c!.id], kept: [] });
    expect(box.deadLetters().map((d) => d.id)).toEqual([a!.id]);
    expect(box.requeueDead()).toEqual({ requeued: [a!.id], kept: [] });
    expect(box.deadLetters()).toEqual([]);
    expect(box.stats()).toMatchObject({ messages: 2, bytes: bytesBefore - 31, deadLetters: 0 });
    const again = box.nextBatch(10, 1 << 20);
    expect(again.map((m) => m.id)).toEqual([a!.id, c!.id]); // alerts first, as ever
    expect(again.map((m) => [m.attempts, m.createdAt])).toEqual([[0, a!.createdAt], [0, c!.createdAt]]);
    expect(Buffer.from(again[0]!.payload)).toEqual(Buffer.from(new Uint8Array(20).fill(1)));
    expect(Buffer.from(again[1]!.payload)).toEqual(Buffer.from(new Uint8Array(40).fill(3)));
    box.ack(again.map((m) => m.id));
    expect(box.stats()).toMatchObject({ messages: 0, bytes: 0 });
    box.close();

    // Kept on disk: a reopened file agrees.
    const reopened = new Outbox({ path });
    expect(reopened.stats()).toMatchObject({ messages: 0, bytes: 0, deadLetters: 0 });
    reopened.close();
  });

  it("sends a requeued message in its stream's seq order, whatever waits around it", () => {
    const box = new Outbox({ path: join(dir, 'outbox.db') });
    const [v1, v2, v3] = box.enqueue([msg('vitals'), msg('vitals'), msg('vitals')]);
    const [w1] = box.enqueue([msg('vitals', 'dev2')]);
    box.nextBatch(10, 1 << 20);
    box.nack(v2!.id, 'payload format invalid', true);
    expect(box.nack(v1!.id, 'quota exceeded').outcome).toBe('retry'); // v1 waits, below the dead v2
    box.release();
    expect(box.requeueDead()).toEqual({ requeued: [v2!.id], kept: [] });
    expect(box.nextBatch(10, 1 << 20).map((m) => m.id)).toEqual([v1!.id, v2!.id, v3!.id, w1!.id]);
    box.close();
  });

  it('keeps a dead letter whose seq is pending again, and names it', () => {
    const box = new Outbox({ path: join(dir, 'outbox.db') });
    const [a] = box.enqueue([msg('alerts')]);
    box.nextBatch(10, 1 << 20);
    box.nack(a!.id, 'not authorised', true);
    // The same message stored again by hand (e.g. a file restored from a backup).
    const db = (box as unknown as { db: Database.Database }).db;
    db.prepare("INSERT INTO messages (stream_id, seq, kind, topic, created_at, bytes, payload) SELECT stream_id, 1, 'alerts', 't', 0, 11, zeroblob(10) FROM sequences").run();
    expect(box.requeueDead()).toEqual({ requeued: [], kept: [a!.id] });
    expect(box.deadLetters().map((d) => d.id)).toEqual([a!.id]);
    box.close();
  });
});
