export const CONFLICT = Symbol('conflict');
export type Attempt<T> = T | typeof CONFLICT;

/** Enough for every one of a large burst of concurrent requests on one secret to get its turn. */
export const MAX_COMMIT_ATTEMPTS = 200;

/** Optimistic concurrency: re-read and decide again while another request committed first. */
export async function retryOnConflict<T>(step: () => Promise<Attempt<T>>, giveUp: () => Error): Promise<T> {
  for (let attempt = 0; attempt < MAX_COMMIT_ATTEMPTS; attempt++) {
    const result = await step();
    if (result !== CONFLICT) return result;
  }
  throw giveUp();
}
