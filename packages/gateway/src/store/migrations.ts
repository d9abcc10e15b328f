import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

export interface Migration {
  /** The schema version this migration produces; versions are 1, 2, 3... in order. */
  version: number;
  description: string;
  sql: string;
}

/**
 * The schema is the result of these migrations, applied in order. Never edit one that has shipped:
 * append a new one. `PRAGMA user_version` is the version a file is at; `schema_version` keeps the
 * history (when each step ran), for support.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'outbox: messages and per-stream sequences',
    sql: `
      CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        description TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      );
      CREATE TABLE sequences (
        stream_id INTEGER PRIMARY KEY,
        site TEXT NOT NULL,
        device TEXT NOT NULL,
        stream TEXT NOT NULL,
        last_seq INTEGER NOT NULL,
        UNIQUE (site, device, stream)
      );
      -- qid is insertion order. payload is last so reading the other columns never walks overflow pages.
      CREATE TABLE messages (
        qid INTEGER PRIMARY KEY,
        stream_id INTEGER NOT NULL REFERENCES sequences (stream_id),
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        payload BLOB NOT NULL,
        UNIQUE (stream_id, seq)
      );
      CREATE INDEX messages_by_kind_age ON messages (kind, created_at);
    `,
  },
  {
    version: 2,
    description: 'attempts and dead letters',
    sql: `
      ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE messages ADD COLUMN last_error TEXT;
      CREATE TABLE dead_letters (
        dead_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        reason TEXT NOT NULL,
        dead_at INTEGER NOT NULL,
        payload BLOB NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: 'persisted counters (evictions, dead letters, overflow)',
    sql: `
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: 'requests from the command line to the daemon (requests.ts)',
    sql: `
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        args TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        taken_at INTEGER,
        done_at INTEGER,
        result TEXT
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersionOf(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings `db` to the last version of `migrations`, each step in its own transaction (a crash
 * mid-migration leaves the file at the previous version). Returns the version found before.
 */
export function migrate(
  db: Database.Database,
  now: () => number,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  const found = schemaVersionOf(db);
  const target = migrations[migrations.length - 1]?.version ?? 0;
  if (found > target) {
    throw new StoreError(
      'E_STORE_SCHEMA',
      `outbox file is at schema version ${found} but this clinic-edge knows up to ${target}: ` +
        'upgrade clinic-edge, or point store.path at another file',
      { found, known: target },
    );
  }
  for (const step of migrations) {
    if (step.version <= found) continue;
    db.transaction(() => {
      db.exec(step.sql);
      db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)').run(
        step.version,
        step.description,
        now(),
      );
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return found;
}
