export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Awaits `request` (a supertest request, a fetch…) and says how long it took. */
export async function timed<T>(request: PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const started = Date.now();
  const res = await request;
  return { res, ms: Date.now() - started };
}

/** The rate-limit window tests run with (RATE_LIMIT_WINDOW_SECONDS): an hour, so a count seldom straddles two windows. */
export const TEST_RATE_WINDOW_SECONDS = 3600;

/**
 * Rate limits count in fixed, epoch-aligned windows (as the database's clock says): a test that counts to a
 * limit first waits until at least `seconds` of the current window are left, so it never straddles two.
 */
export async function awayFromWindowEnd(seconds = 15, windowSeconds = TEST_RATE_WINDOW_SECONDS): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < seconds * 1000) await sleep(left + 100);
}
