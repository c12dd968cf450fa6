import { UndeliverableRecipientError } from '../errors';
import { isDeliverableAddress, mailboxKey, obscureRecipient } from './recipient';

describe('obscureRecipient', () => {
  it('keeps two characters of the local part, one of the domain, and the top-level domain', () => {
    expect(obscureRecipient('delano@example.com')).toBe('de*****@e*****.com');
    expect(obscureRecipient('a@mail.example.co.uk')).toBe('a*****@m*****.uk');
  });

  it.each(['not-an-email', 'a@b', '@example.com', 'a b@example.com', 'x@example.c', 'a\u0000b@example.com', 'ab@exa\u0007mple.com'])('rejects %p', (address) => {
    expect(() => obscureRecipient(address)).toThrow(UndeliverableRecipientError);
    expect(() => obscureRecipient(address)).toThrow(new UndeliverableRecipientError(address));
    expect(() => obscureRecipient(address)).toThrow(expect.objectContaining({ address }));
  });
});

describe('isDeliverableAddress', () => {
  it.each([
    ['a zero-width joiner', 'vic\u200dtim@example.com'],
    ['a zero-width space', 'victim\u200b@example.com'],
    ['a soft hyphen', 'vic\u00adtim@example.com'],
    ['a right-to-left mark', 'victim@exa\u200fmple.com'],
    ['a word joiner', '\u2060victim@example.com'],
    ['a combining grapheme joiner', 'victim\u034f@example.com'],
    ['a Hangul filler', 'victim\u3164@example.com'],
    ['a variation selector', 'victim\ufe0f@example.com'],
    ['a private-use character', 'victim\ue000@example.com'],
  ])('refuses an address holding %s: mail would not go where the reader thinks', (_name, address) => {
    expect(isDeliverableAddress(address)).toBe(false);
  });

  it('still takes international addresses', () => {
    for (const address of ['jörg@müller.de', 'δοκιμή@example.gr', 'user@xn--mller-kva.de']) expect(isDeliverableAddress(address)).toBe(true);
  });
});

describe('mailboxKey: the spellings of one mailbox count as one', () => {
  it.each([
    ['Victim@Example.COM', 'victim@example.com'],
    ['  victim@example.com ', 'victim@example.com'],
    ['victim+1@example.com', 'victim@example.com'],
    ['victim+a+b@example.com', 'victim@example.com'],
    ['ＶＩＣＴＩＭ@ｅｘａｍｐｌｅ.com', 'victim@example.com'],
    ['victim@example\u3002com', 'victim@example.com'],
    ['V.i.c.t.i.m+x@GoogleMail.com', 'victim@gmail.com'],
    ['vic.tim@gmail.com', 'victim@gmail.com'],
  ])('%p counts as %p', (address, key) => {
    expect(mailboxKey(address)).toBe(key);
  });

  it.each([
    ['first.last@example.com', 'firstlast@example.com'],
    ['victim-1@example.com', 'victim@example.com'],
    ['victim@example.com', 'victim@example.org'],
  ])('%p and %p stay apart (they may be different people)', (one, other) => {
    expect(mailboxKey(one)).not.toBe(mailboxKey(other));
  });

  it('keeps a local part that is all tag', () => {
    expect(mailboxKey('+tag@example.com')).toBe('+tag@example.com');
  });
});
