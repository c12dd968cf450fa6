import { createUseCases, DomainPorts, DomainSettings } from '../composition/create-use-cases';
import { NO_NOTIFICATIONS, NotificationPlan } from '../delivery/notification-plan';
import { InMemoryAuditTrail } from './in-memory-audit-trail';
import { InMemoryOutbox } from './in-memory-outbox';
import { FakeCipher, FakePassphraseHasher, FakeTokenHasher } from './fake-crypto';
import { FixedClock } from './fixed-clock';
import { InMemoryAccountRepository } from './in-memory-account.repository';
import { InMemoryIdentityRepository } from './in-memory-identity.repository';
import { InMemorySessionStore } from './in-memory-session.store';
import { InMemorySecretRepository } from './in-memory-secret.repository';
import { RecordingSecretEvents } from './recording-secret-events';
import { SequentialKeyGenerator } from './sequential-key-generator';

export type DomainFixtureExtras = Pick<DomainPorts, 'mailQuota' | 'senders' | 'deliveryEvents'> & {
  /** Which outbox messages writes call for; by default only a share's recipient mail. */
  readonly notifications?: NotificationPlan;
};

/**
 * Every use case wired to in-memory adapters, for services that test against the core. Writes enqueue
 * their outbox messages (`plannedMessages`), whose `secretLive` is read from the secrets at claim time.
 */
export function createDomainFixture(settings: DomainSettings = {}, extra: DomainFixtureExtras = {}) {
  const { notifications = NO_NOTIFICATIONS, ...adapters } = extra;
  const clock = new FixedClock();
  const accounts = new InMemoryAccountRepository();
  const outbox: InMemoryOutbox = new InMemoryOutbox(clock, (secretRef, now) => secrets.isLive(secretRef, now));
  const secrets = new InMemorySecretRepository({ outbox, plan: notifications, wantsNotices: (custid) => accounts.notifiesOnReveal(custid) });
  const ports = {
    ...adapters,
    secrets,
    accounts,
    sessions: new InMemorySessionStore(),
    identities: new InMemoryIdentityRepository(),
    clock,
    audit: new InMemoryAuditTrail(),
    outbox,
    keyGenerator: new SequentialKeyGenerator(),
    cipher: new FakeCipher(),
    passphrases: new FakePassphraseHasher(),
    tokens: new FakeTokenHasher(),
    events: new RecordingSecretEvents(),
  };
  return { ...ports, ...createUseCases(ports, settings) };
}

export type DomainFixture = ReturnType<typeof createDomainFixture>;
