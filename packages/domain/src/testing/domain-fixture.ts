import { createUseCases, DomainPorts, DomainSettings } from '../composition/create-use-cases';
import { InMemoryAuditTrail } from './in-memory-audit-trail';
import { InMemoryOutbox } from './in-memory-outbox';
import { FakeCipher, FakePassphraseHasher, FakeTokenHasher } from './fake-crypto';
import { FixedClock } from './fixed-clock';
import { InMemoryAccountRepository } from './in-memory-account.repository';
import { InMemorySecretRepository } from './in-memory-secret.repository';
import { RecordingSecretEvents } from './recording-secret-events';
import { SequentialKeyGenerator } from './sequential-key-generator';

/** Every use case wired to in-memory adapters, for services that test against the core. */
export function createDomainFixture(settings: DomainSettings = {}, extra: Pick<DomainPorts, 'mailQuota' | 'senders' | 'deliveryEvents'> = {}) {
  const clock = new FixedClock();
  const ports = {
    ...extra,
    secrets: new InMemorySecretRepository(),
    accounts: new InMemoryAccountRepository(),
    clock,
    audit: new InMemoryAuditTrail(),
    outbox: new InMemoryOutbox(clock),
    keyGenerator: new SequentialKeyGenerator(),
    cipher: new FakeCipher(),
    passphrases: new FakePassphraseHasher(),
    tokens: new FakeTokenHasher(),
    events: new RecordingSecretEvents(),
  };
  return { ...ports, ...createUseCases(ports, settings) };
}

export type DomainFixture = ReturnType<typeof createDomainFixture>;
