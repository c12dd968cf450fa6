export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Awaits `request` (a supertest request, a fetch…) and says how long it took. */
export async function timed<T>(request: PromiseLike<T>): Promise<{ res: T; ms: number }> {
  const started = Date.now();
  const res = await request;
  return { res, ms: Date.now() - started };
}

/**
 * Rate limits count in fixed minutes (epoch-aligned, as the database's clock says): a test that counts
 * to a limit first waits until at least `seconds` of the current minute are left, so it never straddles one.
 */
export async function awayFromMinuteEnd(seconds = 15): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await sleep(left + 100);
}
