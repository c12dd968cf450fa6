import { Clock, SecretRepository } from '../ports';
import { Caller } from '../secret/caller';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { MetadataAccess, ReceiptAccessOptions } from '../secret/metadata-access';
import { describeMetadata, MetadataView, secretReference } from '../secret/metadata-view';
import { findManagedSecret } from './find-managed-secret';

export interface GetMetadataInput extends ReceiptAccessOptions {
  readonly caller: Caller;
  readonly metadataKey: string;
}

/** Shows the creator the receipt. Reading never changes a secret (spec §5): it stays `new` until revealed, burned or expired. */
export class GetMetadata {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly access: MetadataAccess,
    private readonly atRest: EncryptionAtRest,
  ) {}

  async execute(input: GetMetadataInput): Promise<MetadataView> {
    this.access.assertMayAsk(input.caller, input);
    const now = this.clock.now();
    const secret = await findManagedSecret(this.secrets, this.access, input.caller, input.metadataKey, now, input);
    const secretKey = this.atRest.openSecretKey(secret);
    return describeMetadata(secret, now, {
      metadataKey: input.metadataKey,
      reference: secretReference(secretKey),
      ...(secret.isRevealableAt(now) ? { secretKey } : {}),
    });
  }
}
