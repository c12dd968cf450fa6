import { EmptySecretError, PassphraseTooLongError, SecretTooLargeError } from '../errors';
import { Caller } from './caller';
import { utf8ByteLength } from './utf8';

export interface BurnPolicySettings {
  readonly ttlDefault: number;
  readonly ttlMin: number;
  readonly ttlMaxAnonymous: number;
  readonly ttlMaxAccount: number;
  readonly maxPassphraseAttempts: number;
  readonly secretMaxBytes: number;
}

export const DEFAULT_BURN_POLICY: BurnPolicySettings = Object.freeze({
  ttlDefault: 604_800,
  ttlMin: 60,
  ttlMaxAnonymous: 604_800,
  ttlMaxAccount: 2_592_000,
  maxPassphraseAttempts: 5,
  secretMaxBytes: 100_000,
});

/** No configuration may keep a secret longer than a year. */
export const TTL_CEILING = 31_536_000;
export const PASSPHRASE_MAX_LENGTH = 128;
/** Recipients kept per secret; the rest are ignored, as the reference service does. */
export const MAX_RECIPIENTS = 10;

/** Passphrases are compared in Unicode NFC, so the same one typed on two keyboards matches. */
export const normalizePassphrase = (passphrase: string): string => passphrase.normalize('NFC');
export const GENERATED_LENGTH_DEFAULT = 12;
export const GENERATED_LENGTH_MIN = 4;
export const GENERATED_LENGTH_MAX = 128;

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);
/** Fractions are cut off; anything that is not a finite number counts as 0. */
const wholeOr = (value: number | undefined, fallback: number): number =>
  value === undefined ? fallback : Number.isFinite(value) ? Math.trunc(value) : 0;

/** The rules that decide how long a secret lives, what may be stored, and when it is destroyed. */
export class BurnPolicy {
  private constructor(readonly settings: BurnPolicySettings) {}

  static create(overrides: Partial<BurnPolicySettings> = {}): BurnPolicy {
    const settings = { ...DEFAULT_BURN_POLICY, ...overrides };
    for (const [name, value] of Object.entries(settings)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`BurnPolicy.${name} must be a positive integer`);
    }
    if (settings.ttlMin > Math.min(settings.ttlMaxAnonymous, settings.ttlMaxAccount)) {
      throw new RangeError('BurnPolicy.ttlMin must not exceed the maximum ttl');
    }
    return new BurnPolicy(Object.freeze(settings));
  }

  /** Out-of-range values are clamped silently, never rejected; absent means the default. */
  clampTtl(requested: number | undefined, caller: Caller): number {
    const max = Math.min(caller.kind === 'account' ? this.settings.ttlMaxAccount : this.settings.ttlMaxAnonymous, TTL_CEILING);
    return clamp(wholeOr(requested, this.settings.ttlDefault), Math.min(this.settings.ttlMin, max), max);
  }

  clampGeneratedLength(requested: number | undefined): number {
    return clamp(wholeOr(requested, GENERATED_LENGTH_DEFAULT), GENERATED_LENGTH_MIN, GENERATED_LENGTH_MAX);
  }

  assertShareable(value: string): void {
    if (value.length === 0) throw new EmptySecretError();
    if (utf8ByteLength(value) > this.settings.secretMaxBytes) throw new SecretTooLargeError(this.settings.secretMaxBytes);
  }

  assertPassphraseAcceptable(passphrase: string): void {
    if ([...passphrase].length > PASSPHRASE_MAX_LENGTH) throw new PassphraseTooLongError(PASSPHRASE_MAX_LENGTH);
  }

  isExhausted(failedAttempts: number): boolean {
    return failedAttempts >= this.settings.maxPassphraseAttempts;
  }

  /** Wrong passphrases a secret still survives: the last of them burns it. */
  attemptsLeft(failedAttempts: number): number {
    return Math.max(0, this.settings.maxPassphraseAttempts - failedAttempts);
  }
}
