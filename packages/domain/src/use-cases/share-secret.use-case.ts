import { MailLimitExceededError, RecipientRequiresAccountError } from '../errors';
import { Clock, KeyGenerator, MailQuota, NO_SECRET_EVENTS, PassphraseHasher, SecretEvents, SecretRepository } from '../ports';
import { BurnPolicy, MAX_RECIPIENTS, normalizePassphrase } from '../secret/burn-policy';
import { ANONYMOUS_CUSTID, Caller } from '../secret/caller';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { describeMetadata, MetadataView, secretReference } from '../secret/metadata-view';
import { mailboxKey, obscureRecipient } from '../secret/recipient';
import { Secret, SecretKeys } from '../secret/secret';
import { NO_ORIGIN, RequestOrigin, SecretEventType } from '../secret/secret-event';

export interface ShareSecretInput {
  readonly caller: Caller;
  readonly secret: string;
  readonly passphrase?: string;
  /** Seconds; clamped by the BurnPolicy, absent means its default. */
  readonly ttl?: number;
  readonly recipients?: readonly string[];
  readonly origin?: RequestOrigin;
}

export class ShareSecret {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly keyGenerator: KeyGenerator,
    private readonly atRest: EncryptionAtRest,
    private readonly passphrases: PassphraseHasher,
    private readonly policy: BurnPolicy,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
    /** Present when recipients are mailed; without it a recipient is only recorded. */
    private readonly mailQuota: MailQuota | null = null,
  ) {}

  async execute(input: ShareSecretInput): Promise<MetadataView> {
    this.policy.assertShareable(input.secret);
    const passphrase = input.passphrase ?? '';
    if (passphrase !== '') this.policy.assertPassphraseAcceptable(passphrase);
    const addresses = (input.recipients ?? []).filter((address) => address.trim() !== '').slice(0, MAX_RECIPIENTS);
    if (addresses.length > 0 && input.caller.kind !== 'account') throw new RecipientRequiresAccountError();
    const recipients = addresses.map(obscureRecipient);
    const keys = { secretKey: this.keyGenerator.secretKey(), metadataKey: this.keyGenerator.metadataKey() };
    const recipientMail = await this.recipientMail(input.caller, addresses[0], keys);

    const secret = Secret.create(
      {
        ...this.atRest.seal(keys, input.secret),
        owner: input.caller.kind === 'account' ? input.caller.custid : null,
        passphraseHash: passphrase === '' ? null : await this.passphrases.hash(normalizePassphrase(passphrase)),
        ttl: this.policy.clampTtl(input.ttl, input.caller),
        recipients,
      },
      this.clock.now(),
    );
    await this.secrets.add(secret, keys, {
      events: [SecretEventType.Created],
      actor: secret.owner ?? ANONYMOUS_CUSTID,
      origin: input.origin ?? NO_ORIGIN,
      ...(recipientMail === undefined ? {} : { recipientMail }),
    });
    this.events.created();
    return describeMetadata(secret, secret.createdAt, { ...keys, reference: secretReference(keys.secretKey) });
  }

  /** The first recipient's mail, sealed, once its budgets admit it; none when mail is off or nobody is named. */
  private async recipientMail(caller: Caller, address: string | undefined, keys: SecretKeys): Promise<string | undefined> {
    if (!this.mailQuota || caller.kind !== 'account' || address === undefined) return undefined;
    const admission = await this.mailQuota.admit(caller.custid, mailboxKey(address));
    if (!admission.admitted) throw new MailLimitExceededError(admission.retryAfterSeconds);
    return this.atRest.sealRecipientMail({ address: address.trim(), secretKey: keys.secretKey });
  }
}
