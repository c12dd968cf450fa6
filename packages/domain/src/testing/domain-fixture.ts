import { BurnPolicy, BurnPolicySettings } from '../secret/burn-policy';
import { MetadataAccess } from '../secret/metadata-access';
import {
  AuthenticateAccount, BurnSecret, CreateAccount, GenerateSecret, GetMetadata, GetStats, ListAccounts,
  ListRecentMetadata, PurgeExpired, RevealSecret, RotateAccountToken, SetAccountEnabled, ShareSecret,
} from '../use-cases';
import { FakeCipher, FakePassphraseHasher, FakeTokenHasher } from './fake-crypto';
import { FixedClock } from './fixed-clock';
import { InMemoryAccountRepository } from './in-memory-account.repository';
import { InMemorySecretRepository } from './in-memory-secret.repository';
import { RecordingSecretEvents } from './recording-secret-events';
import { SequentialKeyGenerator } from './sequential-key-generator';

export interface DomainFixtureOptions {
  readonly policy?: Partial<BurnPolicySettings>;
  readonly metadataKeyIsBearer?: boolean;
  readonly purgeBatchSize?: number;
}

/** Every use case wired to in-memory adapters, for services that test against the core. */
export function createDomainFixture(options: DomainFixtureOptions = {}) {
  const cipher = new FakeCipher();
  const secrets = new InMemorySecretRepository(cipher);
  const accounts = new InMemoryAccountRepository();
  const clock = new FixedClock();
  const keys = new SequentialKeyGenerator();
  const passphrases = new FakePassphraseHasher();
  const tokens = new FakeTokenHasher();
  const policy = BurnPolicy.create(options.policy);
  const access = new MetadataAccess(options.metadataKeyIsBearer ?? false);
  const events = new RecordingSecretEvents();
  const share = new ShareSecret(secrets, clock, keys, cipher, passphrases, policy, events);
  return {
    secrets, accounts, clock, keys, cipher, passphrases, tokens, policy, events,
    share,
    generate: new GenerateSecret(share, keys, policy),
    reveal: new RevealSecret(secrets, clock, cipher, passphrases, policy, events),
    getMetadata: new GetMetadata(secrets, clock, access),
    burn: new BurnSecret(secrets, clock, access, events),
    listRecent: new ListRecentMetadata(secrets, clock),
    purge: new PurgeExpired(secrets, clock, events, { batchSize: options.purgeBatchSize }),
    stats: new GetStats(secrets, accounts, clock),
    authenticate: new AuthenticateAccount(accounts, tokens),
    createAccount: new CreateAccount(accounts, clock, keys, tokens),
    rotateToken: new RotateAccountToken(accounts, clock, keys, tokens),
    setAccountEnabled: new SetAccountEnabled(accounts, clock),
    listAccounts: new ListAccounts(accounts),
  };
}

export type DomainFixture = ReturnType<typeof createDomainFixture>;
