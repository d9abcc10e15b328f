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
});
