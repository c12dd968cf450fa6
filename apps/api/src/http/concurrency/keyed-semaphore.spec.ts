import { KeyedSemaphore, type Release } from './keyed-semaphore';

const settled = async <T>(promise: Promise<T>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe('KeyedSemaphore', () => {
  it('lets `concurrent` holders of a key in at once, queues `queued` more, and refuses the rest', async () => {
    const slots = new KeyedSemaphore(2, 1);
    const first = await slots.acquire('a');
    const second = await slots.acquire('a');
    expect([first, second].every((release) => typeof release === 'function')).toBe(true);
    const third = slots.acquire('a');
    expect(await settled(third)).toBe(false);
    await expect(slots.acquire('a')).resolves.toBeNull();
    first?.();
    expect(typeof (await third)).toBe('function');
  });

  it('counts each key on its own', async () => {
    const slots = new KeyedSemaphore(1, 0);
    expect(await slots.acquire('a')).not.toBeNull();
    await expect(slots.acquire('a')).resolves.toBeNull();
    expect(await slots.acquire('b')).not.toBeNull();
  });

  it('hands a freed slot to the waiters in the order they came, before any newcomer', async () => {
    const slots = new KeyedSemaphore(1, 3);
    const holder = (await slots.acquire('a')) as Release;
    const order: string[] = [];
    const take = (name: string) => slots.acquire('a').then((release) => {
      order.push(name);
      return release as Release;
    });
    const waiters = [take('first'), take('second'), take('third')];
    holder();
    const newcomer = take('newcomer');
    for (const next of [...waiters, newcomer]) (await next)();
    expect(order).toEqual(['first', 'second', 'third', 'newcomer']);
  });

  it('ignores a second release, and forgets a key once nothing holds or awaits it', async () => {
    const slots = new KeyedSemaphore(1, 1);
    const release = (await slots.acquire('a')) as Release;
    const waiter = slots.acquire('a');
    release();
    release();
    const next = (await waiter) as Release;
    // Still one holder: a newcomer waits, and the one after it is refused.
    const queued = slots.acquire('a');
    expect(await settled(queued)).toBe(false);
    await expect(slots.acquire('a')).resolves.toBeNull();
    next();
    ((await queued) as Release)();
    expect(slots.activeKeys).toBe(0);
  });

  it('forgets keys: many callers leave nothing behind', async () => {
    const slots = new KeyedSemaphore(1, 0);
    for (let i = 0; i < 1000; i++) ((await slots.acquire(`caller ${i}`)) as Release)();
    expect(slots.activeKeys).toBe(0);
  });

  it.each([[0, 0], [1.5, 0], [1, -1]])('refuses concurrent=%p, queued=%p', (concurrent, queued) => {
    expect(() => new KeyedSemaphore(concurrent, queued)).toThrow(RangeError);
  });
});
