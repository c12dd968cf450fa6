import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CheckSealingKeys, type SealingKeyCheck } from '@hush/domain';

/** The start-up warning for rows this process cannot open, or null when it holds every key they need. */
export function sealingKeyWarning({ rows, unheld }: SealingKeyCheck): string | null {
  const unreadable = unheld.reduce((sum, key) => sum + key.rows, 0);
  if (unreadable === 0) return null;
  const ids = unheld.map((key) => key.keyId).join(', ');
  if (unreadable === rows) {
    return `None of the ${rows} stored secrets is sealed under a key this process holds (they are under ${ids}): is MASTER_KEY the key this ` +
      'database was written with? Until it is, each answers "An unexpected error occurred" and is not consumed';
  }
  return `${unreadable} of ${rows} stored secrets are sealed under keys this process does not hold (${ids}): add their key to MASTER_KEY_PREVIOUS, or they cannot be opened`;
}

/** Warns at start-up when the master key does not open what the database holds (a new key on an old database). */
@Injectable()
export class SealingKeyCheckAtStart implements OnApplicationBootstrap {
  private readonly logger = new Logger('MasterKey');

  constructor(private readonly check: CheckSealingKeys) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const warning = sealingKeyWarning(await this.check.execute());
      if (warning) this.logger.warn(warning);
    } catch (error) {
      // A check that cannot run must not keep the service from starting.
      this.logger.warn(`The master key check could not run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
