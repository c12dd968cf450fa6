import { accountCaller, anonymousCaller } from '../secret/caller';
import { createDomainFixture, InMemoryMailQuota } from '../testing';
import { EncryptionAtRest } from '../secret/encryption-at-rest';

const alice = accountCaller('alice@example.com');
const origin = { clientAddress: '198.51.100.7', userAgent: 'test-agent' };

describe('ChangeRecords: every change carries its events, actor and origin', () => {
  it('records what happened, who did it and from where, once per committed change', async () => {
    const f = createDomainFixture({ policy: { maxPassphraseAttempts: 2 } });
    const a = await f.share.execute({ caller: alice, secret: 'a', origin });
    const b = await f.share.execute({ caller: anonymousCaller, secret: 'b', passphrase: 'p' });
    await f.reveal.execute({ secretKey: a.secretKey as string, origin });
    await f.reveal.execute({ secretKey: a.secretKey as string }).catch(() => undefined);
    await f.reveal.execute({ secretKey: b.secretKey as string, passphrase: 'x', caller: alice }).catch(() => undefined);
    await f.reveal.execute({ secretKey: b.secretKey as string, passphrase: 'y' }).catch(() => undefined);
    const c = await f.share.execute({ caller: alice, secret: 'c' });
    await f.burn.execute({ caller: alice, metadataKey: c.metadataKey, origin });
    expect(f.secrets.records.map(({ record }) => [record.events.join('+'), record.actor, record.origin.clientAddress, record.reason ?? null])).toEqual([
      ['secret.created', 'alice@example.com', '198.51.100.7', null],
      ['secret.created', 'anon', null, null],
      ['secret.revealed', 'anon', '198.51.100.7', null],
      ['secret.passphrase_failed', 'alice@example.com', null, 'wrong passphrase'],
      ['secret.passphrase_failed+secret.burned_by_policy', 'anon', null, 'too many wrong passphrases'],
      ['secret.created', 'alice@example.com', null, null],
      ['secret.burned', 'alice@example.com', '198.51.100.7', null],
    ]);
  });

  it('records secret.expired when the purge drops a value unread, and not for one that was read', async () => {
    const f = createDomainFixture();
    await f.share.execute({ caller: alice, secret: 'unread', ttl: 60 });
    const read = await f.share.execute({ caller: alice, secret: 'read', ttl: 60 });
    await f.reveal.execute({ secretKey: read.secretKey as string });
    f.clock.advanceSeconds(61);
    await f.purge.execute();
    f.clock.advanceSeconds(600);
    await f.purge.execute();
    expect(f.secrets.records.filter(({ record }) => record.events.includes('secret.expired'))).toHaveLength(1);
  });
});

describe('recipient mail', () => {
  it('is only recorded, never sealed for sending, when mail is off', async () => {
    const f = createDomainFixture();
    await f.share.execute({ caller: alice, secret: 's', recipients: ['bob@example.org'] });
    expect(f.secrets.records[0]?.record.recipientMail).toBeUndefined();
  });

  it('seals the first address with the secret key, and refuses past the budget storing nothing', async () => {
    const f = createDomainFixture({}, { mailQuota: new InMemoryMailQuota({ perAccountPerDay: 2, perRecipientPerHour: 4 }) });
    const receipt = await f.share.execute({ caller: alice, secret: 's', recipients: ['bob@example.org', 'carol@example.org'] });
    const sealed = f.secrets.records[0]?.record.recipientMail as string;
    expect(sealed).not.toContain('bob@example.org');
    expect(new EncryptionAtRest(f.cipher).openRecipientMail(sealed)).toEqual({ address: 'bob@example.org', secretKey: receipt.secretKey });
    await f.share.execute({ caller: alice, secret: 's', recipients: ['bob@example.org'] });
    await expect(f.share.execute({ caller: alice, secret: 's', recipients: ['bob@example.org'] })).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED' });
    expect(f.secrets.size).toBe(2);
  });

  it('counts every spelling of one mailbox together, sub-addresses and case included', async () => {
    const f = createDomainFixture({}, { mailQuota: new InMemoryMailQuota({ perAccountPerDay: 100, perRecipientPerHour: 6 }) });
    for (const address of ['victim@example.org', 'victim+1@example.org', 'Victim+2@EXAMPLE.org']) await f.share.execute({ caller: alice, secret: 's', recipients: [address] });
    await expect(f.share.execute({ caller: alice, secret: 's', recipients: ['VICTIM+3@example.org'] })).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED' });
    await expect(f.share.execute({ caller: alice, secret: 's', recipients: ['vic\u200dtim@example.org'] })).rejects.toMatchObject({ code: 'UNDELIVERABLE_RECIPIENT' });
    expect(f.secrets.size).toBe(3);
  });

  it('leaves other senders their part of a mailbox whose budget one sender has spent its share of', async () => {
    const f = createDomainFixture({}, { mailQuota: new InMemoryMailQuota({ perAccountPerDay: 100, perRecipientPerHour: 4 }) });
    const mallory = accountCaller('mallory@example.com');
    const send = (caller: typeof alice) => f.share.execute({ caller, secret: 's', recipients: ['victim@example.org'] });
    for (let i = 0; i < 2; i++) await send(mallory);
    await expect(send(mallory)).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED' });
    await send(alice);
    await send(accountCaller('carol@example.com'));
    // The mailbox's own hourly cap still holds, whoever sends.
    await expect(send(accountCaller('dave@example.com'))).rejects.toMatchObject({ code: 'MAIL_LIMIT_EXCEEDED' });
    expect(f.secrets.size).toBe(4);
  });
});
