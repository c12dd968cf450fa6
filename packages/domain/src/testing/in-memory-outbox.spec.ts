import { NotificationPlan } from '../delivery/notification-plan';
import { FixedClock } from './fixed-clock';
import { InMemoryAccountRepository } from './in-memory-account.repository';
import { InMemoryOutbox } from './in-memory-outbox';
import { InMemorySecretRepository } from './in-memory-secret.repository';
import { OutboxHarness, outboxContract } from './outbox.contract';

/** The in-memory twins wired as createDomainFixture wires them; the clock is the outbox's time. */
function memoryHarness(): OutboxHarness {
  const clock = new FixedClock('2026-06-01T12:00:00.123Z');
  const accounts = new InMemoryAccountRepository();
  const stores: InMemorySecretRepository[] = [];
  const outbox = new InMemoryOutbox(clock, (secretRef, now) => stores.some((store) => store.isLive(secretRef, now)));
  return {
    outbox,
    accounts,
    secrets(plan: NotificationPlan) {
      const store = new InMemorySecretRepository({ outbox, plan, wantsNotices: (custid) => accounts.notifiesOnReveal(custid) });
      stores.push(store);
      return store;
    },
    now: async () => clock.now(),
    lapse: async (ms) => clock.sleep(ms),
    secretRef: (metadataKey) => metadataKey,
  };
}

describe('InMemoryOutbox and the messages InMemorySecretRepository writes hold to the Outbox contract', () => {
  it.each(outboxContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(memoryHarness()));
});
