import { Logger } from '@nestjs/common';
import { StorageUnavailableError, type DeliverOutbox, type DeliveryOutcome } from '@hush/domain';
import type { AppConfig } from '../config/app-config';
import { OutboxWorker } from './outbox.worker';

/** A worker whose one claimed delivery ends with `ending`; the log levels it used. */
async function levelsAfterDelivery(ending: Promise<DeliveryOutcome>): Promise<string[]> {
  const levels: string[] = [];
  jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => void levels.push('warn'));
  jest.spyOn(Logger.prototype, 'error').mockImplementation(() => void levels.push('error'));
  const config = { outbox: { concurrency: 1, pollMs: 60_000, leaseMs: 60_000 } } as AppConfig;
  const deliver = { execute: async () => [ending] } as unknown as DeliverOutbox;
  const worker = new OutboxWorker(config, {}, deliver);
  await worker.poll();
  await worker.beforeApplicationShutdown();
  return levels;
}

describe('OutboxWorker', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs a delivery whose outcome the database could not store as a warning: an outage, retried when the lease runs out', async () => {
    expect(await levelsAfterDelivery(Promise.reject(new StorageUnavailableError()))).toEqual(['warn']);
  });

  it('logs any other failure of a delivery as an error', async () => {
    expect(await levelsAfterDelivery(Promise.reject(new TypeError('a bug')))).toEqual(['error']);
  });
});
