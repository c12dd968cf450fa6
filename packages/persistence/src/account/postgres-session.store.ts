import { Session, SessionStore } from '@hush/domain';
import { PostgresClient } from '../sql/postgres-client';
import { statement } from '../sql/statement';

interface SessionRow {
  token_digest: string;
  custid: string;
  created_at: Date;
  last_seen_at: Date;
  user_agent: string | null;
}

const COLUMNS = "encode(token_digest, 'hex') AS token_digest, custid, created_at, last_seen_at, user_agent";
const BY_DIGEST = "token_digest = decode(:token_digest, 'hex')";

export const SESSION_SQL = {
  insert: statement<keyof SessionRow>(
    'hush_session_insert',
    `INSERT INTO hush_session (token_digest, custid, created_at, last_seen_at, user_agent)
    VALUES (decode(:token_digest, 'hex'), :custid, :created_at, :last_seen_at, :user_agent)`,
  ),
  find: statement<'token_digest'>('hush_session_find', `SELECT ${COLUMNS} FROM hush_session WHERE ${BY_DIGEST}`),
  touch: statement<'token_digest' | 'at'>('hush_session_touch', `UPDATE hush_session SET last_seen_at = :at WHERE ${BY_DIGEST} AND last_seen_at < :at`),
  delete: statement<'token_digest'>('hush_session_delete', `DELETE FROM hush_session WHERE ${BY_DIGEST} RETURNING ${COLUMNS}`),
  deleteByAccount: statement<'custid'>('hush_session_delete_by_account', 'DELETE FROM hush_session WHERE custid = :custid'),
  listByAccount: statement<'custid'>(
    'hush_session_list_by_account',
    `SELECT ${COLUMNS} FROM hush_session WHERE custid = :custid ORDER BY created_at DESC, token_digest`,
  ),
  deleteEnded: statement<'idle_before' | 'started_before' | 'limit'>(
    'hush_session_delete_ended',
    `DELETE FROM hush_session WHERE token_digest IN (
      SELECT token_digest FROM hush_session WHERE last_seen_at < :idle_before OR created_at < :started_before LIMIT :limit)`,
  ),
} as const;

/** Digests are stored as bytes: the TokenHasher's lowercase hex (SHA-256) and nothing else. */
const isHexDigest = (digest: string): boolean => /^(?:[0-9a-f]{2})+$/.test(digest);

const toSession = (row: SessionRow): Session =>
  Session.restore({ tokenDigest: row.token_digest, custid: row.custid, createdAt: row.created_at, lastSeenAt: row.last_seen_at, userAgent: row.user_agent });

/** SessionStore on PostgreSQL (or PGlite): one row per session, keyed by the token's digest. */
export class PostgresSessionStore implements SessionStore {
  constructor(private readonly db: PostgresClient) {}

  async add(session: Session): Promise<void> {
    if (!isHexDigest(session.tokenDigest)) throw new Error('A session token digest must be hex');
    await this.db.query(SESSION_SQL.insert, {
      token_digest: session.tokenDigest,
      custid: session.custid,
      created_at: session.createdAt,
      last_seen_at: session.lastSeenAt,
      user_agent: session.userAgent,
    });
  }

  async find(tokenDigest: string): Promise<Session | null> {
    if (!isHexDigest(tokenDigest)) return null;
    const { rows } = await this.db.query<SessionRow, 'token_digest'>(SESSION_SQL.find, { token_digest: tokenDigest });
    return rows[0] ? toSession(rows[0]) : null;
  }

  async touch(tokenDigest: string, at: Date): Promise<void> {
    if (isHexDigest(tokenDigest)) await this.db.query(SESSION_SQL.touch, { token_digest: tokenDigest, at });
  }

  async delete(tokenDigest: string): Promise<Session | null> {
    if (!isHexDigest(tokenDigest)) return null;
    const { rows } = await this.db.query<SessionRow, 'token_digest'>(SESSION_SQL.delete, { token_digest: tokenDigest });
    return rows[0] ? toSession(rows[0]) : null;
  }

  async deleteByAccount(custid: string): Promise<number> {
    return (await this.db.query(SESSION_SQL.deleteByAccount, { custid })).rowCount;
  }

  async listByAccount(custid: string): Promise<Session[]> {
    return (await this.db.query<SessionRow, 'custid'>(SESSION_SQL.listByAccount, { custid })).rows.map(toSession);
  }

  async deleteEnded(idleBefore: Date, startedBefore: Date, limit: number): Promise<number> {
    return (await this.db.query(SESSION_SQL.deleteEnded, { idle_before: idleBefore, started_before: startedBefore, limit })).rowCount;
  }
}
