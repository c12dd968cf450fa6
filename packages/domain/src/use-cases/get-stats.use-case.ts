import { AccountRepository, Clock, SecretRepository } from '../ports';
import { MetadataState } from '../secret/metadata-state';

export interface Stats {
  readonly secrets: Readonly<Record<MetadataState, number>>;
  readonly accounts: number;
  /** The soonest metadata expiry of any stored row (the next row the purge deletes), if any. */
  readonly oldestExpiry: Date | null;
}

export class GetStats {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly accounts: AccountRepository,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<Stats> {
    const now = this.clock.now();
    const [counts, accounts, oldestExpiry] = await Promise.all([
      this.secrets.countByState(now),
      this.accounts.count(),
      this.secrets.oldestExpiry(),
    ]);
    const secrets: Record<MetadataState, number> = { new: 0, viewed: 0, received: 0, burned: 0, expired: 0, orphaned: 0 };
    for (const { state, secretExpired, count } of counts) secrets[secretExpired ? MetadataState.Expired : state] += count;
    return { secrets, accounts, oldestExpiry };
  }
}
