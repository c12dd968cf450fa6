import { DynamicModule, Global, Logger, Module, Provider, Type } from '@nestjs/common';
import { Clock, createUseCases, NO_SECRET_EVENTS, SecretEvents, USE_CASE_CLASSES, UseCases } from '@hush/domain';
import { AesGcmCipher, Argon2PassphraseHasher, RandomKeyGenerator, Sha256TokenHasher, SystemClock } from '@hush/crypto';
import { Database } from '@hush/persistence';
import { AppConfig } from '../config/app-config';
import { resolveMasterKey } from '../config/master-key';
import { databaseProvider, DatabaseShutdown } from './database.providers';
import { APP_CONFIG, CLOCK, DATABASE, DATABASE_PING, EXCLUSIVE_LOCK, MIGRATOR, SECRET_EVENTS, USE_CASES } from './tokens';

function cipherFor(config: AppConfig): AesGcmCipher {
  const { masterKey, generatedAt } = resolveMasterKey(config);
  if (generatedAt) new Logger('MasterKey').warn(`No MASTER_KEY set: generated one in ${generatedAt}. Back it up; without it no secret can be read.`);
  return new AesGcmCipher(masterKey, config.previousMasterKeys);
}

/** The domain's own composition (createUseCases) over the production adapters. */
const useCasesProvider: Provider = {
  provide: USE_CASES,
  inject: [APP_CONFIG, DATABASE, CLOCK, SECRET_EVENTS],
  useFactory: (config: AppConfig, db: Database, clock: Clock, events: SecretEvents): UseCases =>
    createUseCases(
      {
        secrets: db.secrets,
        accounts: db.accounts,
        clock,
        keyGenerator: new RandomKeyGenerator(),
        cipher: cipherFor(config),
        passphrases: new Argon2PassphraseHasher(),
        tokens: new Sha256TokenHasher(),
        events,
      },
      { policy: config.policy, metadataKeyIsBearer: config.metadataKeyIsBearer, recentLimit: config.recent.maxItems },
    ),
};

/** Each use case injectable by its class, taken from the one graph above. */
const useCaseProviders: Provider[] = Object.entries(USE_CASE_CLASSES).map(([name, useCase]) => ({
  provide: useCase,
  inject: [USE_CASES],
  useFactory: (useCases: UseCases) => useCases[name as keyof UseCases],
}));

/** What the operational adapters use of the database, each on its own (health, the purge schedule, the CLI). */
const databaseParts: Provider[] = [
  { provide: EXCLUSIVE_LOCK, inject: [DATABASE], useFactory: (db: Database) => db.locks },
  { provide: DATABASE_PING, useExisting: DATABASE },
  { provide: MIGRATOR, inject: [DATABASE], useFactory: (db: Database) => db.migrator },
];

export interface CompositionOptions {
  /** Where the use cases report what happened (metrics); nowhere by default. */
  readonly secretEvents?: { readonly module: Type | DynamicModule; readonly provider: Type<SecretEvents> };
}

/** The composition root: binds the ports to their adapters once and exposes every use case. */
@Global()
@Module({})
export class CompositionModule {
  static forRoot(config: AppConfig, options: CompositionOptions = {}): DynamicModule {
    const events: Provider = options.secretEvents
      ? { provide: SECRET_EVENTS, useExisting: options.secretEvents.provider }
      : { provide: SECRET_EVENTS, useValue: NO_SECRET_EVENTS };
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: new SystemClock() },
      events,
      databaseProvider,
      DatabaseShutdown,
      ...databaseParts,
      useCasesProvider,
      ...useCaseProviders,
    ];
    return {
      module: CompositionModule,
      imports: options.secretEvents ? [options.secretEvents.module] : [],
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
