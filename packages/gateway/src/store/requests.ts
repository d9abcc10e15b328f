import type Database from 'better-sqlite3';

/**
 * Requests that a command-line tool leaves in the outbox file for the daemon holding it. The daemon
 * keeps the queue's totals and its stream list in memory, so a change to the queue made from another
 * process (putting dead letters back) would not be seen by it and would make its byte count drift;
 * made by the daemon itself, between two publishes, it is. The file is the channel because both
 * sides have it open already, and a request survives a daemon that restarts before taking it.
 */
export type RequestKind = 'requeue-dead';

export interface TakenRequest {
  id: number;
  kind: RequestKind;
  args: unknown; // parsed JSON, as submitted
}

/** Where a request stands: waiting to be taken, taken and not yet answered, or answered. */
export type RequestState = { state: 'waiting' } | { state: 'taken' } | { state: 'answered'; result: unknown };

const SQL = {
  insert: 'INSERT INTO requests (kind, args, created_at) VALUES (?, ?, ?) RETURNING id',
  anyWaiting: 'SELECT 1 FROM requests WHERE taken_at IS NULL LIMIT 1',
  waiting: 'SELECT id, kind, args FROM requests WHERE taken_at IS NULL ORDER BY id',
  markTaken: 'UPDATE requests SET taken_at = ? WHERE id = ? AND taken_at IS NULL',
  answer: 'UPDATE requests SET done_at = ?, result = ? WHERE id = ?',
  find: 'SELECT taken_at, done_at, result FROM requests WHERE id = ?',
  withdraw: 'DELETE FROM requests WHERE id = ? AND taken_at IS NULL',
  dropOld: 'DELETE FROM requests WHERE done_at IS NOT NULL AND done_at < ?',
};

/** Answered requests are kept this long for the tool that asked to read, ms. */
const KEEP_ANSWERED_MS = 24 * 3600 * 1000;

/** The `requests` table of an outbox file (migration 4). Each call is its own transaction. */
export class RequestBox {
  private readonly st: { [K in keyof typeof SQL]: Database.Statement };
  private readonly takeAll: Database.Transaction<(now: number) => TakenRequest[]>;

  constructor(db: Database.Database) {
    this.st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as RequestBox['st'];
    this.takeAll = db.transaction((now: number) => {
      const rows = this.st.waiting.all() as { id: number; kind: RequestKind; args: string }[];
      for (const r of rows) this.st.markTaken.run(now, r.id);
      this.st.dropOld.run(now - KEEP_ANSWERED_MS);
      return rows.map((r) => ({ id: r.id, kind: r.kind, args: JSON.parse(r.args) as unknown }));
    });
  }

  /** Leaves a request for the daemon; returns its id. */
  submit(kind: RequestKind, args: unknown, now: number): number {
    return (this.st.insert.get(kind, JSON.stringify(args ?? null), now) as { id: number }).id;
  }

  /**
   * Every request not yet taken, marked taken in the same transaction (so it is served once). The
   * daemon asks twice a second, so the usual answer, none, is a plain read: no write lock.
   */
  take(now: number): TakenRequest[] {
    if (this.st.anyWaiting.get() === undefined) return [];
    return this.takeAll.immediate(now);
  }

  answer(id: number, result: unknown, now: number): void {
    this.st.answer.run(now, JSON.stringify(result ?? null), id);
  }

  /** Null for a request that is not there (withdrawn, or answered more than a day ago). */
  state(id: number): RequestState | null {
    const r = this.st.find.get(id) as { taken_at: number | null; done_at: number | null; result: string | null } | undefined;
    if (!r) return null;
    if (r.done_at !== null) return { state: 'answered', result: JSON.parse(r.result ?? 'null') as unknown };
    return r.taken_at !== null ? { state: 'taken' } : { state: 'waiting' };
  }

  /** Takes a request back if the daemon has not taken it yet; false if it has. */
  withdraw(id: number): boolean {
    return this.st.withdraw.run(id).changes === 1;
  }
}
