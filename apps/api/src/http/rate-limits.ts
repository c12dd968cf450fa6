import { applyDecorators } from '@nestjs/common';
import { seconds, SkipThrottle, type ThrottlerGenerateKeyFunction, type ThrottlerOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';

export const CREATE_LIMIT = 'create';
export const REVEAL_LIMIT = 'reveal';

/**
 * One budget per limit and client, whichever route spends it: the throttler's default key also holds
 * the controller and handler, which would give share and generate a creation budget each.
 */
const perLimitAndClient: ThrottlerGenerateKeyFunction = (_context, tracker, name) => `${name}:${tracker}`;

/** Per client address and minute; a limit of 0 is off. */
export function rateLimits(config: Pick<AppConfig, 'rateLimit'>): ThrottlerOptions[] {
  const { createPerMinute, revealPerMinute } = config.rateLimit;
  return [
    { name: CREATE_LIMIT, ttl: seconds(60), limit: createPerMinute, skipIf: () => createPerMinute === 0, generateKey: perLimitAndClient },
    { name: REVEAL_LIMIT, ttl: seconds(60), limit: revealPerMinute, skipIf: () => revealPerMinute === 0, generateKey: perLimitAndClient },
  ];
}

/** share and generate count against the creation limit only. */
export const CreationLimit = () => applyDecorators(SkipThrottle({ [REVEAL_LIMIT]: true }));
/** Reveals (and so passphrase guesses) count against the reveal limit only. */
export const RevealLimit = () => applyDecorators(SkipThrottle({ [CREATE_LIMIT]: true }));
