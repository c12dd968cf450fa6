import { UnknownSecretError } from '../errors';
import { Clock, NO_SECRET_EVENTS, SecretEvents, SecretRepository } from '../ports';
import { ANONYMOUS_CUSTID, Caller } from '../secret/caller';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { MetadataAccess, ReceiptAccessOptions } from '../secret/metadata-access';
import { describeMetadata, MetadataView, secretReference } from '../secret/metadata-view';
import { NO_ORIGIN, RequestOrigin, SecretEventType } from '../secret/secret-event';
import { CONFLICT, retryOnConflict } from './commit-retry';
import { findManagedSecret } from './find-managed-secret';

export interface BurnSecretInput extends ReceiptAccessOptions {
  readonly caller: Caller;
  readonly metadataKey: string;
  readonly origin?: RequestOrigin;
}

export interface BurnedSecret {
  readonly metadata: MetadataView;
  /** The first six characters of the secret key, safe to show after a burn. */
  readonly secretShortKey: string;
}

/** The creator destroys a secret that has not been read; no passphrase is needed. */
export class BurnSecret {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly access: MetadataAccess,
    private readonly atRest: EncryptionAtRest,
    private readonly events: SecretEvents = NO_SECRET_EVENTS,
  ) {}

  async execute(input: BurnSecretInput): Promise<BurnedSecret> {
    this.access.assertMayAsk(input.caller, input);
    const unknown = () => new UnknownSecretError(input.metadataKey);
    return retryOnConflict(async () => {
      const now = this.clock.now();
      const secret = await findManagedSecret(this.secrets, this.access, input.caller, input.metadataKey, now, input);
      if (!secret.isRevealableAt(now)) throw unknown();
      // Opened before the commit: a secret whose key cannot be decrypted is not burned.
      const secretShortKey = secretReference(this.atRest.openSecretKey(secret));
      const burned = secret.burn(now);
      const actor = input.caller.kind === 'account' ? input.caller.custid : ANONYMOUS_CUSTID;
      if (!(await this.secrets.commit(burned, { events: [SecretEventType.Burned], actor, origin: input.origin ?? NO_ORIGIN }))) return CONFLICT;
      this.events.burned();
      return { metadata: describeMetadata(burned, now, { metadataKey: input.metadataKey, reference: secretShortKey }), secretShortKey };
    }, unknown);
  }
}
