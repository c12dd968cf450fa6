import { Identity } from '../account/identity';
import { IdentityRepository } from '../ports';

const keyOf = (issuer: string, subject: string) => JSON.stringify([issuer, subject]);

export class InMemoryIdentityRepository implements IdentityRepository {
  private readonly rows = new Map<string, Identity>();

  async find(issuer: string, subject: string): Promise<Identity | null> {
    return this.rows.get(keyOf(issuer, subject)) ?? null;
  }

  async listByAccount(custid: string): Promise<Identity[]> {
    return [...this.rows.values()].filter((identity) => identity.custid === custid).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  async link(identity: Identity): Promise<Identity | null> {
    const key = keyOf(identity.issuer, identity.subject);
    const taken = [...this.rows.values()].some((other) => other.issuer === identity.issuer && other.custid === identity.custid);
    if (!this.rows.has(key) && !taken) this.rows.set(key, { ...identity });
    return this.rows.get(key) ?? null;
  }

  async deleteByAccount(custid: string): Promise<number> {
    const keys = [...this.rows].filter(([, identity]) => identity.custid === custid).map(([key]) => key);
    for (const key of keys) this.rows.delete(key);
    return keys.length;
  }
}
