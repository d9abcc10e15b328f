import { chmodSync, closeSync, existsSync, fstatSync, fchmodSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from './errors.js';

const OWNER_ONLY = 0o600;

/**
 * Creates `path` owner-only (0600) before SQLite sees it, and narrows an existing file (and its -wal
 * and -shm companions) that is wider: the outbox holds patient measurements. SQLite gives the -wal
 * and -shm files it creates the mode of the database file.
 */
export function ensureOwnerOnlyFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const fd = openSync(path, 'a', OWNER_ONLY);
  try {
    if ((fstatSync(fd).mode & 0o777) !== OWNER_ONLY) fchmodSync(fd, OWNER_ONLY);
  } finally {
    closeSync(fd);
  }
  for (const companion of [`${path}-wal`, `${path}-shm`]) {
    if (existsSync(companion) && (statSync(companion).mode & 0o777) !== OWNER_ONLY) {
      chmodSync(companion, OWNER_ONLY);
    }
  }
}

/**
 * Opens the outbox file. WAL lets the CLI read while the daemon writes. synchronous=FULL makes
 * SQLite fsync the WAL at every commit, so a transaction that returned survives power loss, not only
 * a SIGKILL (NORMAL survives SIGKILL but may lose the last commits on power loss, and a van's power is
 * its ignition). The cost is one fsync per transaction, which is why writes are batched.
 */
export function openDatabase(path: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    ensureOwnerOnlyFile(path);
    db = new Database(path);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL unsupported here`);
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // Months unattended: give the WAL file back after checkpoints instead of keeping its high-water mark.
    db.pragma('journal_size_limit = 67108864');
    return db;
  } catch (cause) {
    db?.close();
    throw new StoreError(
      'E_STORE_OPEN',
      `cannot open outbox ${path}: ${(cause as Error).message}. Check the directory is writable ` +
        'by the gateway user and the file is a clinic-edge outbox (move it aside to start empty)',
      { path },
      { cause },
    );
  }
}
