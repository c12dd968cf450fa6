import { applyDecorators } from '@nestjs/common';
import { seconds, SkipThrottle, type ThrottlerOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';

export const CREATE_LIMIT = 'create';
export const REVEAL_LIMIT = 'reveal';

/** Per client address and minute; a limit of 0 is off. */
export function rateLimits(config: Pick<AppConfig, 'rateLimit'>): ThrottlerOptions[] {
  const { createPerMinute, revealPerMinute } = config.rateLimit;
  return [
    { name: CREATE_LIMIT, ttl: seconds(60), limit: createPerMinute, skipIf: () => createPerMinute === 0 },
    { name: REVEAL_LIMIT, ttl: seconds(60), limit: revealPerMinute, skipIf: () => revealPerMinute === 0 },
  ];
}

/** share and generate count against the creation limit only. */
export const CreationLimit = () => applyDecorators(SkipThrottle({ [REVEAL_LIMIT]: true }));
/** Reveals (and so passphrase guesses) count against the reveal limit only. */
export const RevealLimit = () => applyDecorators(SkipThrottle({ [CREATE_LIMIT]: true }));
