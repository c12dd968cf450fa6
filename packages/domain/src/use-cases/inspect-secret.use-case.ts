import { UnknownSecretError } from '../errors';
import { Clock, SecretRepository } from '../ports';

export interface InspectSecretInput {
  readonly secretKey: string;
}

export interface SecretOutline {
  /** Whether a reveal will need the passphrase. */
  readonly passphraseRequired: boolean;
  /** Wrong passphrases counted so far (BurnPolicy.attemptsLeft says how many more it takes). */
  readonly failedPassphraseAttempts: number;
  /** The account that shared it (its custid), or null for an anonymous share: the confirm page may name it (PAGES.md §7). */
  readonly owner: string | null;
}

/**
 * Whether a secret can still be revealed, and whether it needs a passphrase, for a page that asks
 * before revealing. Reads only: nothing is consumed, counted or written, so a link scanner's GET
 * changes nothing. A key that cannot be revealed is UnknownSecretError, as in a reveal.
 */
export class InspectSecret {
  constructor(
    private readonly secrets: SecretRepository,
    private readonly clock: Clock,
  ) {}

  async execute(input: InspectSecretInput): Promise<SecretOutline> {
    const secret = await this.secrets.findBySecretKey(input.secretKey);
    if (!secret?.isRevealableAt(this.clock.now())) throw new UnknownSecretError(input.secretKey);
    return { passphraseRequired: secret.requiresPassphrase, failedPassphraseAttempts: secret.failedAttempts, owner: secret.owner };
  }
}
