import { createUseCases, DomainSettings } from '../composition/create-use-cases';
import { FakeCipher, FakePassphraseHasher, FakeTokenHasher } from './fake-crypto';
import { FixedClock } from './fixed-clock';
import { InMemoryAccountRepository } from './in-memory-account.repository';
import { InMemorySecretRepository } from './in-memory-secret.repository';
import { RecordingSecretEvents } from './recording-secret-events';
import { SequentialKeyGenerator } from './sequential-key-generator';

/** Every use case wired to in-memory adapters, for services that test against the core. */
export function createDomainFixture(settings: DomainSettings = {}) {
  const ports = {
    secrets: new InMemorySecretRepository(),
    accounts: new InMemoryAccountRepository(),
    clock: new FixedClock(),
    keyGenerator: new SequentialKeyGenerator(),
    cipher: new FakeCipher(),
    passphrases: new FakePassphraseHasher(),
    tokens: new FakeTokenHasher(),
    events: new RecordingSecretEvents(),
  };
  return { ...ports, ...createUseCases(ports, settings) };
}

export type DomainFixture = ReturnType<typeof createDomainFixture>;
