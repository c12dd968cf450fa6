import { DynamicModule, Global, Logger, Module, Provider, Type } from '@nestjs/common';
import {
  AccountRepository, AuthenticateAccount, BurnPolicy, BurnSecret, Cipher, Clock, CreateAccount, GenerateSecret, GetMetadata,
  GetStats, KeyGenerator, ListAccounts, ListRecentMetadata, MetadataAccess, PassphraseHasher, PurgeExpired, RevealSecret,
  NO_SECRET_EVENTS, RotateAccountToken, RotateEncryptionKey, SecretEvents, SecretRepository, SetAccountEnabled, ShareSecret, TokenHasher,
} from '@hush/domain';
import { AesGcmCipher, Argon2PassphraseHasher, RandomKeyGenerator, Sha256TokenHasher, SystemClock } from '@hush/crypto';
import { Database } from '@hush/persistence';
import { AppConfig } from '../config/app-config';
import { resolveMasterKey } from '../config/master-key';
import { databaseProvider, DatabaseShutdown } from './database.providers';
import {
  ACCOUNT_REPOSITORY, APP_CONFIG, BURN_POLICY, CIPHER, CLOCK, DATABASE, KEY_GENERATOR, METADATA_ACCESS, PASSPHRASE_HASHER,
  SECRET_EVENTS, SECRET_REPOSITORY, TOKEN_HASHER,
} from './tokens';

function cipherFor(config: AppConfig): Cipher {
  const { masterKey, generatedAt } = resolveMasterKey(config);
  if (generatedAt) new Logger('MasterKey').warn(`No MASTER_KEY set: generated one in ${generatedAt}. Back it up; without it no secret can be read.`);
  return new AesGcmCipher(masterKey, config.previousMasterKeys);
}

const ports: Provider[] = [
  databaseProvider,
  DatabaseShutdown,
  { provide: CLOCK, useValue: new SystemClock() },
  { provide: KEY_GENERATOR, useValue: new RandomKeyGenerator() },
  { provide: PASSPHRASE_HASHER, useValue: new Argon2PassphraseHasher() },
  { provide: TOKEN_HASHER, useValue: new Sha256TokenHasher() },
  { provide: CIPHER, inject: [APP_CONFIG], useFactory: cipherFor },
  { provide: BURN_POLICY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => BurnPolicy.create(config.policy) },
  { provide: METADATA_ACCESS, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new MetadataAccess(config.metadataKeyIsBearer) },
  { provide: SECRET_REPOSITORY, inject: [DATABASE, CIPHER], useFactory: (db: Database, cipher: Cipher) => db.secrets(cipher) },
  { provide: ACCOUNT_REPOSITORY, inject: [DATABASE], useFactory: (db: Database) => db.accounts() },
];

const useCases: Provider[] = [
  {
    provide: ShareSecret,
    inject: [SECRET_REPOSITORY, CLOCK, KEY_GENERATOR, CIPHER, PASSPHRASE_HASHER, BURN_POLICY, SECRET_EVENTS],
    useFactory: (s: SecretRepository, c: Clock, k: KeyGenerator, x: Cipher, p: PassphraseHasher, b: BurnPolicy, e: SecretEvents) =>
      new ShareSecret(s, c, k, x, p, b, e),
  },
  {
    provide: GenerateSecret,
    inject: [ShareSecret, KEY_GENERATOR, BURN_POLICY],
    useFactory: (share: ShareSecret, k: KeyGenerator, b: BurnPolicy) => new GenerateSecret(share, k, b),
  },
  {
    provide: RevealSecret,
    inject: [SECRET_REPOSITORY, CLOCK, CIPHER, PASSPHRASE_HASHER, BURN_POLICY, SECRET_EVENTS],
    useFactory: (s: SecretRepository, c: Clock, x: Cipher, p: PassphraseHasher, b: BurnPolicy, e: SecretEvents) =>
      new RevealSecret(s, c, x, p, b, e),
  },
  {
    provide: GetMetadata,
    inject: [SECRET_REPOSITORY, CLOCK, METADATA_ACCESS],
    useFactory: (s: SecretRepository, c: Clock, a: MetadataAccess) => new GetMetadata(s, c, a),
  },
  {
    provide: BurnSecret,
    inject: [SECRET_REPOSITORY, CLOCK, METADATA_ACCESS, SECRET_EVENTS],
    useFactory: (s: SecretRepository, c: Clock, a: MetadataAccess, e: SecretEvents) => new BurnSecret(s, c, a, e),
  },
  { provide: ListRecentMetadata, inject: [SECRET_REPOSITORY, CLOCK], useFactory: (s: SecretRepository, c: Clock) => new ListRecentMetadata(s, c) },
  {
    provide: PurgeExpired,
    inject: [SECRET_REPOSITORY, CLOCK, SECRET_EVENTS],
    useFactory: (s: SecretRepository, c: Clock, e: SecretEvents) => new PurgeExpired(s, c, e),
  },
  {
    provide: GetStats,
    inject: [SECRET_REPOSITORY, ACCOUNT_REPOSITORY, CLOCK],
    useFactory: (s: SecretRepository, a: AccountRepository, c: Clock) => new GetStats(s, a, c),
  },
  { provide: AuthenticateAccount, inject: [ACCOUNT_REPOSITORY, TOKEN_HASHER], useFactory: (a: AccountRepository, t: TokenHasher) => new AuthenticateAccount(a, t) },
  {
    provide: CreateAccount,
    inject: [ACCOUNT_REPOSITORY, CLOCK, KEY_GENERATOR, TOKEN_HASHER],
    useFactory: (a: AccountRepository, c: Clock, k: KeyGenerator, t: TokenHasher) => new CreateAccount(a, c, k, t),
  },
  {
    provide: RotateAccountToken,
    inject: [ACCOUNT_REPOSITORY, CLOCK, KEY_GENERATOR, TOKEN_HASHER],
    useFactory: (a: AccountRepository, c: Clock, k: KeyGenerator, t: TokenHasher) => new RotateAccountToken(a, c, k, t),
  },
  { provide: SetAccountEnabled, inject: [ACCOUNT_REPOSITORY, CLOCK], useFactory: (a: AccountRepository, c: Clock) => new SetAccountEnabled(a, c) },
  { provide: ListAccounts, inject: [ACCOUNT_REPOSITORY], useFactory: (a: AccountRepository) => new ListAccounts(a) },
  { provide: RotateEncryptionKey, inject: [SECRET_REPOSITORY], useFactory: (s: SecretRepository) => new RotateEncryptionKey(s) },
];

export interface CompositionOptions {
  /** Where the use cases report what happened (metrics); nowhere by default. */
  readonly secretEvents?: { readonly module: Type | DynamicModule; readonly provider: Type<SecretEvents> };
}

/** Binds the domain's ports to their adapters once, and builds every use case from them. */
@Global()
@Module({})
export class CompositionModule {
  static forRoot(config: AppConfig, options: CompositionOptions = {}): DynamicModule {
    const events: Provider = options.secretEvents
      ? { provide: SECRET_EVENTS, useExisting: options.secretEvents.provider }
      : { provide: SECRET_EVENTS, useValue: NO_SECRET_EVENTS };
    const providers = [{ provide: APP_CONFIG, useValue: config }, events, ...ports, ...useCases];
    return {
      module: CompositionModule,
      imports: options.secretEvents ? [options.secretEvents.module] : [],
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
