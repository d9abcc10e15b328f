import type Database from 'better-sqlite3';

/** Every statement the outbox runs; prepared once when it opens. */
const SQL = {
  allStreams: 'SELECT stream_id, site, device, stream FROM sequences',
  insertStream: 'INSERT INTO sequences (site, device, stream, last_seq) VALUES (?, ?, ?, 0) RETURNING stream_id',
  allocateSeqs: 'UPDATE sequences SET last_seq = last_seq + ? WHERE stream_id = ? RETURNING last_seq',
  insertMessage: 'INSERT INTO messages (stream_id, seq, kind, topic, created_at, bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
  heads: 'SELECT qid, seq, bytes FROM messages WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  bodies: 'SELECT qid, seq, topic, created_at, attempts, payload FROM messages WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  countUpTo: 'SELECT count(*) AS n FROM messages WHERE stream_id = ? AND seq <= ?',
  findBySeq: 'SELECT qid, kind, topic, created_at, bytes, attempts, payload FROM messages WHERE stream_id = ? AND seq = ?',
  deleteBySeq: 'DELETE FROM messages WHERE stream_id = ? AND seq = ? RETURNING kind, bytes',
  deleteByQid: 'DELETE FROM messages WHERE qid = ?',
  countAttempt: 'UPDATE messages SET attempts = attempts + 1, last_error = ? WHERE qid = ? RETURNING attempts',
  oldestOfKind: 'SELECT qid, stream_id, seq, bytes FROM messages WHERE kind = ? ORDER BY created_at, qid LIMIT ?',
  expiredOfKind: 'DELETE FROM messages WHERE kind = ? AND created_at < ? RETURNING stream_id, seq, bytes',
  oldestCreated: 'SELECT min(created_at) AS t FROM messages WHERE kind = ?',
  totalsByKind: 'SELECT kind, count(*) AS n, total(bytes) AS b FROM messages GROUP BY kind',
  insertDead: `INSERT INTO dead_letters (id, kind, topic, created_at, attempts, reason, dead_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  trimDead: 'DELETE FROM dead_letters WHERE dead_id <= (SELECT max(dead_id) FROM dead_letters) - ?',
  countDead: 'SELECT count(*) AS n FROM dead_letters',
  allDead: 'SELECT dead_id, id, kind, topic, created_at, payload FROM dead_letters ORDER BY dead_id',
  deleteDead: 'DELETE FROM dead_letters WHERE dead_id = ?',
  minQid: 'SELECT min(qid) AS q FROM messages',
  insertMessageAt: 'INSERT INTO messages (qid, stream_id, seq, kind, topic, created_at, bytes, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  qidsBySeq: 'SELECT qid FROM messages WHERE stream_id = ? ORDER BY seq',
  setQid: 'UPDATE messages SET qid = ? WHERE qid = ?',
  listDead: 'SELECT id, kind, topic, created_at, attempts, reason, dead_at, payload FROM dead_letters ORDER BY dead_id DESC LIMIT ?',
  allCounters: 'SELECT name, value FROM counters',
  addCounter: 'INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value',
};

export type Statements = { readonly [K in keyof typeof SQL]: Database.Statement };

export function prepareStatements(db: Database.Database): Statements {
  const prepared = {} as { [K in keyof typeof SQL]: Database.Statement };
  for (const key of Object.keys(SQL) as (keyof typeof SQL)[]) prepared[key] = db.prepare(SQL[key]);
  return prepared;
}
