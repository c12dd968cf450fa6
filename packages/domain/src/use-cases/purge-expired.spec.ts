import { accountCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';
import { PurgeExpired } from './purge-expired.use-case';

const alice = accountCaller('alice@example.com');

describe('PurgeExpired', () => {
  it('deletes rows whose metadata expired and drops values whose secret expired, in batches', async () => {
    const f = createDomainFixture({ purge: { batchSize: 2 } });
    for (let i = 0; i < 5; i++) await f.share.execute({ caller: alice, secret: 'old', ttl: 60 });
    await f.share.execute({ caller: alice, secret: 'middle', ttl: 100 });
    const keep = await f.share.execute({ caller: alice, secret: 'keep', ttl: 6000 });
    f.clock.advanceSeconds(150);
    await expect(f.purge.execute({ dryRun: true })).resolves.toEqual({ purged: 5, scrubbed: 0, auditRemoved: 0, deadMessagesRemoved: 0, sessionsRemoved: 0 });
    expect(f.secrets.size).toBe(7);
    await expect(f.purge.execute()).resolves.toEqual({ purged: 5, scrubbed: 1, auditRemoved: 0, deadMessagesRemoved: 0, sessionsRemoved: 0 });
    expect(f.secrets.size).toBe(2);
    await expect(f.reveal.execute({ secretKey: keep.secretKey as string })).resolves.toMatchObject({ value: 'keep' });
  });

  it('rests after each full batch in proportion to the time it took, and not after the last', async () => {
    const f = createDomainFixture();
    for (let i = 0; i < 5; i++) await f.share.execute({ caller: alice, secret: 'old', ttl: 60 });
    f.clock.advanceSeconds(1e6);
    const rests: number[] = [];
    f.clock.sleep = async (milliseconds) => void rests.push(milliseconds);
    const deleteExpired = f.secrets.deleteExpired.bind(f.secrets);
    f.secrets.deleteExpired = async (now, limit) => {
      f.clock.advanceSeconds(0.03);
      return deleteExpired(now, limit);
    };
    const purge = new PurgeExpired(f.secrets, f.clock, f.audit, f.outbox, undefined, { batchSize: 2, restRatio: 2 });
    await expect(purge.execute()).resolves.toEqual({ purged: 5, scrubbed: 0, auditRemoved: 0, deadMessagesRemoved: 0, sessionsRemoved: 0 });
    expect(rests).toEqual([60, 60]);
  });
});
