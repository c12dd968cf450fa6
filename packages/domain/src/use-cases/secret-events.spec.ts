import { accountCaller } from '../secret/caller';
import { createDomainFixture } from '../testing';

describe('SecretEvents', () => {
  it('reports creations, reveals, burns, passphrase failures and purged rows once each', async () => {
    const f = createDomainFixture({ policy: { maxPassphraseAttempts: 2 } });
    const alice = accountCaller('alice@example.com');
    const a = await f.share.execute({ caller: alice, secret: 'a', ttl: 60 });
    const b = await f.share.execute({ caller: alice, secret: 'b', passphrase: 'p' });
    const c = await f.share.execute({ caller: alice, secret: 'c' });
    await f.reveal.execute({ secretKey: a.secretKey as string });
    await f.reveal.execute({ secretKey: a.secretKey as string }).catch(() => undefined);
    await f.reveal.execute({ secretKey: b.secretKey as string, passphrase: 'x' }).catch(() => undefined);
    await f.reveal.execute({ secretKey: b.secretKey as string, passphrase: 'y' }).catch(() => undefined);
    await f.burn.execute({ caller: alice, metadataKey: c.metadataKey });
    f.clock.advanceSeconds(120);
    await f.purge.execute();
    expect(f.events.counts).toEqual({ created: 3, revealed: 1, burned: 2, passphraseFailed: 2, purged: 1 });
  });
});
