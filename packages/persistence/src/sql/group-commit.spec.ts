import { GroupCommit, GroupCommitDeadlineError } from './group-commit';

/** A run whose statements end only when the test says so. */
function heldRun() {
  const releases: Array<() => void> = [];
  const batches: number[][] = [];
  const run = (items: number[]) => {
    batches.push(items);
    return new Promise<number[]>((resolve) => releases.push(() => resolve(items.map((item) => item * 10))));
  };
  return { run, batches, release: () => releases.shift()?.() };
}

const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: unknown) => ({ error }));

describe('GroupCommit', () => {
  it('sends what arrives during a statement together in the next one', async () => {
    const held = heldRun();
    const commit = new GroupCommit(held.run);
    const first = commit.submit(1);
    const [second, third] = [commit.submit(2), commit.submit(3)];
    held.release();
    expect(await first).toBe(10);
    await Promise.resolve();
    held.release();
    expect([await second, await third]).toEqual([20, 30]);
    expect(held.batches).toEqual([[1], [2, 3]]);
  });

  describe('with a deadline, behind a statement that hangs', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('refuses the hung batch and everything queued behind it at the deadline, and new items at once until it ends', async () => {
      const held = heldRun();
      const commit = new GroupCommit(held.run, 250);
      const hung = settled(commit.submit(1));
      const queued = settled(commit.submit(2));
      jest.advanceTimersByTime(249);
      const early = await Promise.race([hung, Promise.resolve('pending')]);
      expect(early).toBe('pending');
      jest.advanceTimersByTime(1);
      expect(await hung).toEqual({ error: expect.any(GroupCommitDeadlineError) });
      expect(await queued).toEqual({ error: expect.any(GroupCommitDeadlineError) });
      // While the statement still hangs, nothing waits for it and nothing more is sent.
      expect(await settled(commit.submit(3))).toEqual({ error: expect.any(GroupCommitDeadlineError) });
      expect(held.batches).toEqual([[1]]);
      held.release();
      await Promise.resolve();
      await Promise.resolve();
      const after = commit.submit(4);
      held.release();
      expect(await after).toBe(40);
      expect(held.batches).toEqual([[1], [4]]);
    });
  });
});
