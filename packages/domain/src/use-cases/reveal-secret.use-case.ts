import { CallerGoneError, UnknownSecretError } from '../errors';
import { Clock, NO_SECRET_EVENTS, PassphraseHasher, SecretEvents, SecretRepository } from '../ports';
import { BurnPolicy, normalizePassphrase } from '../secret/burn-policy';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { ANONYMOUS_CUSTID, Caller } from '../secret/caller';
import { Secret } from '../secret/secret';
import { ChangeRecord, NO_ORIGIN, RequestOrigin, SecretEventType } from '../secret/secret-event';
import { CONFLICT, retryOnConflict } from './commit-retry';

export interface RevealSecretInput {
  readonly secretKey: string;
  readonly passphrase?: string;
  /** Asked right before the claim; false when whoever asked can no longer receive the value (a closed connection). */
  readonly stillWanted?: () => boolean | Promise<boolean>;
  /** Who asks (anonymous when absent) and from where, for the audit trail. */
  readonly caller?: Caller;
  readonly origin?: RequestOrigin;
}

export interface RevealedSecret {
  readonly secretKey: string;
  readonly value: string;
}

/**
 * Hands out the value exactly once. The winner is whoever commits the `received` state first;
 * every other request, concurrent or later, gets UnknownSecretError.
 */
export class RevealSecret {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly atRest: EncryptionAtRest,
    private readonly passphrases: PassphraseHasher,
    private readonly policy: BurnPolicy,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
  ) {}

  async execute(input: RevealSecretInput): Promise<RevealedSecret> {
    const unknown = () => new UnknownSecretError(input.secretKey);
    // Without a passphrase, the common case is one statement; a protected, unknown or unopenable secret falls through to the read.
    if (!input.passphrase) {
      if ((await input.stillWanted?.()) === false) throw new CallerGoneError();
      const claimed = await this.secrets.claimUnprotected(input.secretKey, this.clock.now(), this.atRest.heldKeyIds, record(input, [SecretEventType.Revealed]));
      if (claimed !== null) {
        this.events.revealed();
        return { secretKey: input.secretKey, value: this.atRest.openSealedValue(claimed) };
      }
    }
    let passphraseVerified = false;
    return retryOnConflict(async () => {
      const now = this.clock.now();
      const secret = await this.secrets.findBySecretKey(input.secretKey);
      if (!secret?.isRevealableAt(now)) throw unknown();
      // Before any passphrase is checked or counted: a secret this process cannot decrypt is left as it is.
      this.atRest.assertCanOpen(secret);
      if (secret.requiresPassphrase && !passphraseVerified) {
        // A missing or empty passphrase is no guess (link scanners send none): answered like an unknown key, never counted.
        if (!input.passphrase) throw unknown();
        passphraseVerified = await this.verifyPassphrase(secret, input.passphrase);
        if (!passphraseVerified) {
          await this.recordFailedAttempt(secret, input);
          throw unknown();
        }
      }
      // Opened before the commit: a value that cannot be decrypted must not be consumed.
      const value = this.atRest.openValue(secret);
      if ((await input.stillWanted?.()) === false) throw new CallerGoneError();
      if (!(await this.secrets.commit(secret.reveal(now), record(input, [SecretEventType.Revealed])))) return CONFLICT;
      this.events.revealed();
      return { secretKey: input.secretKey, value };
    }, unknown);
  }

  private async verifyPassphrase(secret: Secret, passphrase: string): Promise<boolean> {
    if (secret.passphraseHash === null) return false;
    const normalized = normalizePassphrase(passphrase);
    if (await this.passphrases.verify(secret.passphraseHash, normalized)) return true;
    // Secrets shared before passphrases were normalised were hashed as typed.
    return normalized !== passphrase && this.passphrases.verify(secret.passphraseHash, passphrase);
  }

  /** Counts the failure atomically; the attempt that reaches the limit burns the secret. */
  private async recordFailedAttempt(loaded: Secret, input: RevealSecretInput): Promise<void> {
    const { secretKey } = input;
    this.events.passphraseFailed();
    let secret: Secret | null = loaded;
    await retryOnConflict(async () => {
      const now = this.clock.now();
      if (!secret?.isRevealableAt(now)) return undefined;
      const counted = secret.recordFailedAttempt(now);
      const exhausted = this.policy.isExhausted(counted.failedAttempts);
      const next = exhausted ? counted.burn(now) : counted;
      const changes = exhausted
        ? record(input, [SecretEventType.PassphraseFailed, SecretEventType.BurnedByPolicy], 'too many wrong passphrases')
        : record(input, [SecretEventType.PassphraseFailed], 'wrong passphrase');
      if (await this.secrets.commit(next, changes)) {
        if (next.storedState !== counted.storedState) this.events.burned();
        return undefined;
      }
      secret = await this.secrets.findBySecretKey(secretKey);
      return CONFLICT;
    }, () => new UnknownSecretError(secretKey));
  }
}

function record(input: RevealSecretInput, events: SecretEventType[], reason?: string): ChangeRecord {
  const actor = input.caller?.kind === 'account' ? input.caller.custid : ANONYMOUS_CUSTID;
  return { events, actor, origin: input.origin ?? NO_ORIGIN, ...(reason === undefined ? {} : { reason }) };
}
