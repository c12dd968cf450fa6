import { DynamicModule, Global, Logger, Module, Provider, Type } from '@nestjs/common';
import {
  Clock, createUseCases, DeliveryEvents, MessageSenders, NO_DELIVERY_EVENTS, NO_SECRET_EVENTS, SecretEvents, USE_CASE_CLASSES, UseCases,
} from '@hush/domain';
import { AesGcmCipher, Argon2PassphraseHasher, RandomKeyGenerator, Sha256TokenHasher, SystemClock } from '@hush/crypto';
import { Database, PostgresMailQuota } from '@hush/persistence';
import { AppConfig } from '../config/app-config';
import { resolveMasterKey } from '../config/master-key';
import { databaseProvider, DatabaseShutdown } from './database.providers';
import { messageSendersProvider } from './message-senders';
import {
  APP_CONFIG, CIPHER, CLOCK, DATABASE, DATABASE_PING, DELIVERY_EVENTS, EXCLUSIVE_LOCK, MAIL_QUOTA, MESSAGE_SENDERS, MIGRATOR, OUTBOX, SECRET_EVENTS, USE_CASES,
} from '../tokens';

function cipherFor(config: AppConfig): AesGcmCipher {
  const { masterKey, generatedAt } = resolveMasterKey(config);
  if (generatedAt) new Logger('MasterKey').warn(`No MASTER_KEY set: generated one in ${generatedAt}. Back it up; without it no secret can be read.`);
  return new AesGcmCipher(masterKey, config.previousMasterKeys);
}

/** The domain's own composition (createUseCases) over the production adapters. */
const useCasesProvider: Provider = {
  provide: USE_CASES,
  inject: [APP_CONFIG, DATABASE, CLOCK, SECRET_EVENTS, MESSAGE_SENDERS, DELIVERY_EVENTS, MAIL_QUOTA, CIPHER],
  useFactory: (
    config: AppConfig, db: Database, clock: Clock, events: SecretEvents, senders: MessageSenders, deliveryEvents: DeliveryEvents,
    mailQuota: PostgresMailQuota | null, cipher: AesGcmCipher,
  ): UseCases =>
    createUseCases(
      {
        secrets: db.secrets,
        accounts: db.accounts,
        sessions: db.sessions,
        identities: db.identities,
        audit: db.audit,
        outbox: db.outbox,
        clock,
        keyGenerator: new RandomKeyGenerator(),
        cipher,
        passphrases: new Argon2PassphraseHasher(),
        tokens: new Sha256TokenHasher(),
        events,
        ...(mailQuota ? { mailQuota } : {}),
        senders,
        deliveryEvents,
      },
      {
        policy: config.policy,
        metadataKeyIsBearer: config.metadataKeyIsBearer,
        recentLimit: config.recent.maxItems,
        accountCacheMs: config.accountCacheMs,
        sessions: config.sessions,
        retry: { firstDelayMs: config.outbox.firstRetryDelayMs, horizonMs: config.outbox.retryHorizonMs },
        purge: { auditRetentionMs: config.auditRetentionDays * 86_400_000 },
        signIn: config.signIn,
      },
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
  { provide: OUTBOX, inject: [DATABASE], useFactory: (db: Database) => db.outbox },
  // Only when mail is configured: without mail, recipients are only recorded and need no budget.
  {
    provide: MAIL_QUOTA,
    inject: [APP_CONFIG, DATABASE],
    useFactory: (config: AppConfig, db: Database) => (config.mail ? new PostgresMailQuota(db.client, config.mail) : null),
  },
];

export interface CompositionOptions {
  /** Where the use cases report what happened (metrics, logs); nowhere by default. */
  readonly observers?: { readonly module: Type | DynamicModule; readonly secretEvents: Type<SecretEvents>; readonly deliveryEvents: Type<DeliveryEvents> };
  /** Connect to the embedded database a running server holds, rather than refuse it (the admin CLI). */
  readonly joinRunningEmbedded?: boolean;
}

/** The composition root: binds the ports to their adapters once and exposes every use case. */
@Global()
@Module({})
export class CompositionModule {
  static forRoot(config: AppConfig, options: CompositionOptions = {}): DynamicModule {
    const { observers } = options;
    const events: Provider[] = observers
      ? [{ provide: SECRET_EVENTS, useExisting: observers.secretEvents }, { provide: DELIVERY_EVENTS, useExisting: observers.deliveryEvents }]
      : [{ provide: SECRET_EVENTS, useValue: NO_SECRET_EVENTS }, { provide: DELIVERY_EVENTS, useValue: NO_DELIVERY_EVENTS }];
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CLOCK, useValue: new SystemClock() },
      { provide: CIPHER, inject: [APP_CONFIG], useFactory: cipherFor },
      ...events,
      messageSendersProvider,
      databaseProvider(options.joinRunningEmbedded ?? false),
      DatabaseShutdown,
      ...databaseParts,
      useCasesProvider,
      ...useCaseProviders,
    ];
    return {
      module: CompositionModule,
      imports: observers ? [observers.module] : [],
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
