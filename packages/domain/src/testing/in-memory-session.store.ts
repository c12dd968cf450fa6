import { Session } from '../account/session';
import { SessionStore } from '../ports';

export class InMemorySessionStore implements SessionStore {
  private readonly rows = new Map<string, Session>();

  async add(session: Session): Promise<void> {
    if (this.rows.has(session.tokenDigest)) throw new Error('A session with this token digest exists');
    this.rows.set(session.tokenDigest, session);
  }

  async find(tokenDigest: string): Promise<Session | null> {
    return this.rows.get(tokenDigest) ?? null;
  }

  async touch(tokenDigest: string, at: Date): Promise<void> {
    const session = this.rows.get(tokenDigest);
    if (session && session.lastSeenAt < at) this.rows.set(tokenDigest, session.touched(at));
  }

  async delete(tokenDigest: string): Promise<Session | null> {
    const session = this.rows.get(tokenDigest) ?? null;
    this.rows.delete(tokenDigest);
    return session;
  }

  async deleteByAccount(custid: string): Promise<number> {
    const theirs = [...this.rows.values()].filter((session) => session.custid === custid);
    for (const session of theirs) this.rows.delete(session.tokenDigest);
    return theirs.length;
  }

  async listByAccount(custid: string): Promise<Session[]> {
    return [...this.rows.values()].filter((session) => session.custid === custid).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  async deleteEnded(idleBefore: Date, startedBefore: Date, limit: number): Promise<number> {
    const ended = [...this.rows.values()].filter((session) => session.lastSeenAt < idleBefore || session.createdAt < startedBefore).slice(0, limit);
    for (const session of ended) this.rows.delete(session.tokenDigest);
    return ended.length;
  }

  get size(): number {
    return this.rows.size;
  }
}
