import { UnknownSecretError } from '../errors';
import { Clock, SecretRepository } from '../ports';
import { Caller } from '../secret/caller';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { MetadataAccess } from '../secret/metadata-access';
import { describeMetadata, MetadataView } from '../secret/metadata-view';
import { CONFLICT, retryOnConflict } from './commit-retry';
import { findManagedSecret } from './find-managed-secret';

export interface GetMetadataInput {
  readonly caller: Caller;
  readonly metadataKey: string;
}

/** Shows the creator the receipt; the first look moves it from `new` to `viewed`. */
export class GetMetadata {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly access: MetadataAccess,
    private readonly atRest: EncryptionAtRest,
  ) {}

  async execute(input: GetMetadataInput): Promise<MetadataView> {
    this.access.assertMayAsk(input.caller);
    const unknown = () => new UnknownSecretError(input.metadataKey);
    return retryOnConflict(async () => {
      const now = this.clock.now();
      const secret = await findManagedSecret(this.secrets, this.access, input.caller, input.metadataKey, now);
      const viewed = secret.markViewed(now);
      // Opened before the commit: a receipt that cannot be decrypted is not marked viewed.
      const secretKey = viewed.isRevealableAt(now) ? this.atRest.openSecretKey(viewed) : undefined;
      if (viewed !== secret && !(await this.secrets.commit(viewed))) return CONFLICT;
      return describeMetadata(viewed, now, { metadataKey: input.metadataKey, secretKey });
    }, unknown);
  }
}
