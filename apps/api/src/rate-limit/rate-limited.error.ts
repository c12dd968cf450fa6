/** A call over one of the rate limits; each surface answers it with its 429 and a Retry-After header. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Rate limit exceeded');
    this.name = 'RateLimitedError';
  }
}
