import { EmptySecretError, PassphraseTooLongError, SecretTooLargeError } from '../errors';
import { BurnPolicy, TTL_CEILING } from './burn-policy';
import { accountCaller, anonymousCaller } from './caller';

describe('BurnPolicy', () => {
  const policy = BurnPolicy.create();
  const alice = accountCaller('alice@example.com');

  it.each([
    [undefined, 604800],
    [3600, 3600],
    [3600.9, 3600],
    [Number.NaN, 60],
    [0, 60],
    [-5, 60],
    [10, 60],
    [1e20, 604800],
  ])('clamps ttl %p to %p for anonymous callers', (raw, expected) => {
    expect(policy.clampTtl(raw, anonymousCaller)).toBe(expected);
  });

  it('lets accounts keep secrets up to 30 days, never beyond', () => {
    expect(policy.clampTtl(2592000, alice)).toBe(2592000);
    expect(policy.clampTtl(9999999, alice)).toBe(2592000);
    expect(policy.clampTtl(2592000, anonymousCaller)).toBe(604800);
  });

  it('never exceeds the hard ceiling of a year, whatever is configured', () => {
    const generous = BurnPolicy.create({ ttlMaxAccount: 99_999_999 });
    expect(generous.clampTtl(99999999, alice)).toBe(TTL_CEILING);
  });

  it('rejects invalid settings', () => {
    expect(() => BurnPolicy.create({ ttlMin: 0 })).toThrow(RangeError);
    expect(() => BurnPolicy.create({ ttlMin: 700_000 })).toThrow(RangeError);
  });

  it('accepts values up to the byte limit, counting UTF-8 bytes', () => {
    const small = BurnPolicy.create({ secretMaxBytes: 4 });
    expect(() => small.assertShareable('abcd')).not.toThrow();
    expect(() => small.assertShareable('abcde')).toThrow(SecretTooLargeError);
    expect(() => small.assertShareable('éé')).not.toThrow();
    expect(() => small.assertShareable('ééa')).toThrow(new SecretTooLargeError(4));
    expect(() => small.assertShareable('😀')).not.toThrow();
    expect(() => policy.assertShareable('')).toThrow(EmptySecretError);
  });

  it('limits passphrases to 128 characters', () => {
    expect(() => policy.assertPassphraseAcceptable('é'.repeat(128))).not.toThrow();
    expect(() => policy.assertPassphraseAcceptable('x'.repeat(129))).toThrow(PassphraseTooLongError);
  });

  it('clamps the generated length between 4 and 128, defaulting to 12', () => {
    expect(policy.clampGeneratedLength(undefined)).toBe(12);
    expect(policy.clampGeneratedLength(20)).toBe(20);
    expect(policy.clampGeneratedLength(1)).toBe(4);
    expect(policy.clampGeneratedLength(1000)).toBe(128);
  });

  it('is exhausted after the configured number of failed attempts', () => {
    expect(policy.isExhausted(4)).toBe(false);
    expect(policy.isExhausted(5)).toBe(true);
  });

  it('says how many wrong passphrases are left before the one that burns, never fewer than none', () => {
    expect([0, 4, 5, 7].map((failed) => policy.attemptsLeft(failed))).toEqual([5, 1, 0, 0]);
  });
});
