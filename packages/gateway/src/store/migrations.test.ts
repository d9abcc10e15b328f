import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_VERSION, migrate, schemaVersionOf } from './migrations.js';
import { Outbox } from './outbox.js';
import { msg } from './testing/fixtures.js';

describe('outbox schema migrations', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outbox-migrate-'));
    path = join(dir, 'outbox.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A file as version `version` of clinic-edge left it, with one pending vitals message (seq 7). */
  function oldFile(version: number): void {
    const db = new Database(path);
    migrate(db, () => 1, MIGRATIONS.filter((m) => m.version <= version));
    db.prepare("INSERT INTO sequences (site, device, stream, last_seq) VALUES ('van1', 'dev1', 'vitals', 7)").run();
    db.prepare(
      "INSERT INTO messages (stream_id, seq, kind, topic, created_at, bytes, payload) VALUES (1, 7, 'vitals', 't', 5, 4, x'01020304')",
    ).run();
    db.close();
  }

  it.each([1, 2])('brings a version %i file to the current schema, keeping its messages and sequences', (version) => {
    oldFile(version);
    const box = new Outbox({ path, now: () => 1000 });
    const [old] = box.nextBatch(10, Infinity);
    expect(old).toMatchObject({ id: 'van1/dev1/vitals/7', createdAt: 5, attempts: 0 });
    expect([...old!.payload]).toEqual([1, 2, 3, 4]);
    expect(box.nack(old!.id, 'timeout')).toEqual({ outcome: 'retry', attempts: 1 });
    expect(box.enqueue([msg('vitals')])[0]!.seq).toBe(8);
    box.close();

    const db = new Database(path, { readonly: true });
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    const history = db.prepare('SELECT version, applied_at FROM schema_version ORDER BY version').all();
    expect(history).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, applied_at: m.version <= version ? 1 : 1000 })),
    );
    db.close();
  });

  it('leaves the file at the previous version when a step fails', () => {
    new Outbox({ path }).close();
    const db = new Database(path);
    const broken = [...MIGRATIONS, { version: SCHEMA_VERSION + 1, description: 'broken', sql: 'CREATE TABLE x (a); NOT SQL' }];
    expect(() => migrate(db, Date.now, broken)).toThrow();
    expect(schemaVersionOf(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'x'").get()).toEqual({ n: 0 });
    db.close();
    expect(() => new Outbox({ path }).close()).not.toThrow();
  });

  it('numbers migrations 1, 2, 3... in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});
