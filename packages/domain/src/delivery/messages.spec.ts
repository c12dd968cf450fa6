import { accountCaller } from '../secret/caller';
import { SecretEventType } from '../secret/secret-event';
import { createDomainFixture } from '../testing';
import { ChangedSecret, MalformedPayloadError, payloadText, readPayload, revealNoticePayload, webhookBody } from './messages';
import { plannedMessages } from './notification-plan';

const SECRET: ChangedSecret = {
  secretRef: 'ref', owner: 'alice@example.com', shortKey: 'abc123', state: 'received', passphraseRequired: true,
  createdAt: new Date('2026-06-01T12:00:00.123Z'), receivedAt: new Date('2026-06-01T12:05:00Z'), secretExpiresAt: new Date('2026-06-08T12:00:00.123Z'),
};
const AT = new Date('2026-06-01T12:05:00Z');

describe('outbox payloads', () => {
  it('a webhook body is NOTIFICATIONS.md §3, in its key order, as PostgreSQL writes it', () => {
    const body = webhookBody(SecretEventType.Revealed, AT, SECRET);
    expect(payloadText(body)).toBe(
      '{"type" : "secret.revealed", "timestamp" : "2026-06-01T12:05:00.000Z", "data" : {"custid" : "alice@example.com", '
      + '"secret_shortkey" : "abc123", "state" : "received", "passphrase_required" : true, "created" : "2026-06-01T12:00:00.123Z", '
      + '"updated" : "2026-06-01T12:05:00.000Z", "received" : "2026-06-01T12:05:00.000Z", "expires" : "2026-06-08T12:00:00.123Z"}}',
    );
    expect(readPayload('webhook', payloadText(body))).toEqual(body);
  });

  it('an expiry says so, and its notice is dated at the expiry', () => {
    const purgedAt = new Date('2026-06-09T00:00:00Z');
    expect(webhookBody(SecretEventType.Expired, purgedAt, { ...SECRET, owner: null, state: 'new', receivedAt: null }).data).toMatchObject({ custid: 'anon', state: 'expired', received: null });
    expect(revealNoticePayload(SecretEventType.Expired, purgedAt, SECRET)).toEqual({
      secret_shortkey: 'abc123', at: '2026-06-08T12:00:00.123Z', created: SECRET.createdAt.toISOString(),
    });
  });

  it('readPayload refuses what is not a payload of its kind, naming the fault, and drops unknown fields', () => {
    expect(() => readPayload('reveal_notice', 'nope')).toThrow(MalformedPayloadError);
    expect(() => readPayload('recipient_mail', '{"expires": "2026-06-08T12:00:00.123Z"}')).toThrow('payload.passphrase_required is missing');
    expect(() => readPayload('recipient_mail', '{"passphrase_required": "yes", "expires": "2026-06-08T12:00:00.123Z"}')).toThrow('passphrase_required is "yes"');
    expect(() => readPayload('reveal_notice', '{"secret_shortkey": null, "at": "yesterday"}')).toThrow('payload.at is "yesterday", not time');
    expect(() => readPayload('webhook', '{"type": "secret.created", "timestamp": "2026-06-08T12:00:00.123Z"}')).toThrow('body.data is not an object');
    expect(() => readPayload('webhook', payloadText({ ...webhookBody(SecretEventType.Created, AT, SECRET), type: 'secret.lost' as never }))).toThrow('body.type');
    expect(readPayload('reveal_notice', '{"at": "2026-06-08T12:00:00.123Z", "secret_shortkey": null, "extra": 1}')).toEqual({ secret_shortkey: null, at: '2026-06-08T12:00:00.123Z' });
    // A notice queued before `created` was kept still reads; a present one must be a time.
    expect(readPayload('reveal_notice', payloadText(revealNoticePayload(SecretEventType.Revealed, AT, SECRET)))).toEqual(revealNoticePayload(SecretEventType.Revealed, AT, SECRET));
    expect(() => readPayload('reveal_notice', '{"secret_shortkey": null, "at": "2026-06-08T12:00:00.123Z", "created": "soon"}')).toThrow('payload.created is "soon"');
  });
});

describe('plannedMessages', () => {
  const plan = { webhooks: ['http://a.test', 'http://b.test'], notices: true, horizonMs: 1000 };

  it('one webhook per URL per event, the notice for opted-in owners, the recipient mail at creation; by event, then kind', () => {
    const change = { secret: SECRET, events: [SecretEventType.PassphraseFailed, SecretEventType.BurnedByPolicy], at: AT, recipientMail: 'sealed' };
    expect(plannedMessages(change, plan, true).map((m) => [m.eventIndex, m.kind, m.destination])).toEqual([
      [0, 'webhook', 'http://a.test'], [0, 'webhook', 'http://b.test'], [1, 'webhook', 'http://a.test'], [1, 'webhook', 'http://b.test'], [1, 'reveal_notice', null],
    ]);
    expect(plannedMessages(change, plan, false).map((m) => m.kind)).not.toContain('reveal_notice');
    expect(plannedMessages(change, { ...plan, notices: false }, true).map((m) => m.kind)).not.toContain('reveal_notice');
    const created = plannedMessages({ secret: SECRET, events: [SecretEventType.Created], at: AT, recipientMail: 'sealed' }, { ...plan, webhooks: [] }, true);
    expect(created).toMatchObject([{ kind: 'recipient_mail', sealed: 'sealed', custid: 'alice@example.com', createdAt: AT, retryUntil: new Date(AT.getTime() + 1000) }]);
  });

  it('a share in the domain fixture puts its messages in the in-memory outbox', async () => {
    const f = createDomainFixture({}, { notifications: plan });
    const receipt = await f.share.execute({ caller: accountCaller('alice@example.com'), secret: 's' });
    await f.reveal.execute({ secretKey: receipt.secretKey as string });
    expect(f.outbox.entries.map((e) => [e.kind, e.event, e.destination])).toEqual([
      ['webhook', 'secret.created', 'http://a.test'], ['webhook', 'secret.created', 'http://b.test'],
      ['webhook', 'secret.revealed', 'http://a.test'], ['webhook', 'secret.revealed', 'http://b.test'],
    ]);
  });
});
