import { NotAuthorizedError } from '../errors';
import { Clock, SecretRepository } from '../ports';
import { Caller } from '../secret/caller';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { describeMetadata, MetadataView, secretReference } from '../secret/metadata-view';

/** Receipts listed at most, by default; the repository's query stops there too. */
export const RECENT_METADATA_LIMIT = 1000;
/** Receipts opened between rests: about two milliseconds of work. */
const SLICE = 100;

export interface ListRecentMetadataInput {
  readonly caller: Caller;
  /** One page of the list: `offset` receipts skipped, at most `limit` (never more than the use case's own limit). */
  readonly page?: { readonly offset: number; readonly limit: number };
}

/** The caller's receipts whose metadata is still alive, newest first; secret keys are never listed, only their references. */
export class ListRecentMetadata {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
    private readonly atRest: EncryptionAtRest,
    private readonly limit = RECENT_METADATA_LIMIT,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('ListRecentMetadata limit must be a positive integer');
  }

  async execute(input: ListRecentMetadataInput): Promise<MetadataView[]> {
    if (input.caller.kind !== 'account') throw new NotAuthorizedError();
    const now = this.clock.now();
    const { offset, limit } = input.page ?? { offset: 0, limit: this.limit };
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(limit) || limit < 1) throw new RangeError('ListRecentMetadata page must be a whole offset and a positive limit');
    const secrets = await this.secrets.listByOwner(input.caller.custid, now, Math.min(limit, this.limit), offset);
    const views: MetadataView[] = [];
    for (let start = 0; start < secrets.length; start += SLICE) {
      // One key opened per receipt: resting between slices lets other requests run while a long list is opened.
      if (start > 0) await this.clock.sleep(0);
      for (const secret of secrets.slice(start, start + SLICE)) {
        const reference = secretReference(this.atRest.openSecretKey(secret));
        views.push(describeMetadata(secret, now, { metadataKey: this.atRest.openMetadataKey(secret), reference }));
      }
    }
    return views;
  }
}
