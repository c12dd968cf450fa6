import { SessionLimits, SessionLimitSettings } from '../account/session';
import { SignInPolicy, SignInSettings } from '../account/sign-in-policy';
import {
  AccountRepository, AuditTrail, Cipher, Clock, DeliveryEvents, IdentityRepository, KeyGenerator, MailQuota, NO_SECRET_EVENTS, Outbox, PassphraseHasher,
  SecretEvents, SecretRepository, SessionStore, TokenHasher,
} from '../ports';
import { DEFAULT_RETRY_SCHEDULE, RetrySchedule, RetryScheduleSettings } from '../delivery/retry-schedule';
import { BurnPolicy, BurnPolicySettings } from '../secret/burn-policy';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { MetadataAccess } from '../secret/metadata-access';
import {
  AuthenticateAccount, BurnSecret, CheckSealingKeys, CreateAccount, DeleteAccount, DeliverOutbox, EndAccountSessions, EndSession, GenerateSecret, GetMetadata, GetStats, InspectSecret,
  GetAccount, ListAccounts, ListAccountSessions, ListAuditTrail, ListOutbox, ListRecentMetadata, MessageSenders, PurgeExpired, PurgeOptions, ResumeSession, RetryOutbox,
  RevealSecret, RotateAccountToken, RotateEncryptionKey, SetAccountEnabled, SetAccountLocale, SetRevealNotices, ShareSecret, SignInWithIdentity, SignInWithToken, StartSession,
} from '../use-cases';

/** Everything the core needs from outside. */
export interface DomainPorts {
  readonly secrets: SecretRepository;
  readonly accounts: AccountRepository;
  /** Signed-in browsers (ACCOUNTS.md §2). */
  readonly sessions: SessionStore;
  /** Provider identities and their accounts (ACCOUNTS.md §3). */
  readonly identities: IdentityRepository;
  readonly clock: Clock;
  readonly keyGenerator: KeyGenerator;
  readonly cipher: Cipher;
  readonly passphrases: PassphraseHasher;
  readonly tokens: TokenHasher;
  readonly audit: AuditTrail;
  readonly outbox: Outbox;
  /** Where the use cases report what happened; nowhere by default. */
  readonly events?: SecretEvents;
  /** Given when recipients are mailed: their budgets. Without it a recipient is only recorded. */
  readonly mailQuota?: MailQuota;
  /** Who delivers each kind of outbox message; a kind without one ends as dead. */
  readonly senders?: MessageSenders;
  readonly deliveryEvents?: DeliveryEvents;
}

export interface DomainSettings {
  readonly policy?: Partial<BurnPolicySettings>;
  /** The metadata key alone may read a receipt and burn (the reference service's behaviour). */
  readonly metadataKeyIsBearer?: boolean;
  readonly purge?: PurgeOptions;
  /** Receipts the recent list holds at most (newest first); RECENT_METADATA_LIMIT by default. */
  readonly recentLimit?: number;
  readonly retry?: Partial<RetryScheduleSettings>;
  /** How long an account read is reused to authenticate (0: every call reads it). */
  readonly accountCacheMs?: number;
  /** When sessions end (idle minutes, maximum hours); 60 and 12 by default. */
  readonly sessions?: Partial<SessionLimitSettings>;
  /** Who may sign in through the identity provider, and whether accounts are created (ACCOUNTS.md §3). */
  readonly signIn?: Partial<SignInSettings>;
  /** For deterministic retry delays in tests; Math.random by default. */
  readonly random?: () => number;
}

/** Every use case, by name; the class of each is in USE_CASE_CLASSES. */
export type UseCases = ReturnType<typeof createUseCases>;

/** The one place the use-case graph is built: Nest, the test fixture and the bench all call it. */
export function createUseCases(ports: DomainPorts, settings: DomainSettings = {}) {
  const { secrets, accounts, clock, keyGenerator, passphrases, tokens } = ports;
  const events = ports.events ?? NO_SECRET_EVENTS;
  const policy = BurnPolicy.create(settings.policy);
  const access = new MetadataAccess(settings.metadataKeyIsBearer ?? false);
  const atRest = new EncryptionAtRest(ports.cipher);
  const share = new ShareSecret(secrets, clock, keyGenerator, atRest, passphrases, policy, events, ports.mailQuota ?? null);
  const sessionLimits = SessionLimits.create(settings.sessions);
  const sessions = ports.sessions;
  const retries = new RetrySchedule({ ...DEFAULT_RETRY_SCHEDULE, ...settings.retry }, settings.random);
  const authenticate = new AuthenticateAccount(accounts, tokens, clock, settings.accountCacheMs);
  const startSession = new StartSession(sessions, accounts, keyGenerator, tokens, clock, ports.audit);
  return {
    share,
    generate: new GenerateSecret(share, keyGenerator, policy),
    reveal: new RevealSecret(secrets, clock, atRest, passphrases, policy, events),
    inspect: new InspectSecret(secrets, clock),
    getMetadata: new GetMetadata(secrets, clock, access, atRest),
    burn: new BurnSecret(secrets, clock, access, atRest, events),
    listRecent: new ListRecentMetadata(secrets, clock, atRest, settings.recentLimit),
    purge: new PurgeExpired(secrets, clock, ports.audit, ports.outbox, events, settings.purge, { store: sessions, limits: sessionLimits }),
    stats: new GetStats(secrets, accounts, clock),
    rotateEncryptionKey: new RotateEncryptionKey(secrets, atRest),
    checkSealingKeys: new CheckSealingKeys(secrets, atRest),
    authenticate,
    createAccount: new CreateAccount(accounts, clock, keyGenerator, tokens),
    rotateToken: new RotateAccountToken(accounts, clock, keyGenerator, tokens, ports.audit),
    setAccountEnabled: new SetAccountEnabled(accounts, clock),
    listAccounts: new ListAccounts(accounts),
    getAccount: new GetAccount(accounts),
    setRevealNotices: new SetRevealNotices(accounts, clock),
    setAccountLocale: new SetAccountLocale(accounts, clock),
    signInWithIdentity: new SignInWithIdentity(ports.identities, accounts, keyGenerator, tokens, clock, ports.audit, SignInPolicy.create(settings.signIn)),
    startSession,
    signInWithToken: new SignInWithToken(authenticate, startSession, accounts, clock, ports.audit),
    resumeSession: new ResumeSession(sessions, accounts, tokens, clock, sessionLimits, settings.accountCacheMs),
    endSession: new EndSession(sessions, tokens, clock, ports.audit),
    endAccountSessions: new EndAccountSessions(sessions, clock, ports.audit),
    deleteAccount: new DeleteAccount(accounts, secrets, sessions, ports.identities, clock, ports.audit, events),
    listAccountSessions: new ListAccountSessions(sessions, clock, sessionLimits),
    listAudit: new ListAuditTrail(ports.audit),
    listOutbox: new ListOutbox(ports.outbox),
    retryOutbox: new RetryOutbox(ports.outbox, retries),
    deliverOutbox: new DeliverOutbox(ports.outbox, ports.senders ?? {}, atRest, clock, retries, ports.deliveryEvents),
  };
}

/** The class of every use case in UseCases, for frameworks that inject by class. */
export const USE_CASE_CLASSES = {
  share: ShareSecret,
  generate: GenerateSecret,
  reveal: RevealSecret,
  inspect: InspectSecret,
  getMetadata: GetMetadata,
  burn: BurnSecret,
  listRecent: ListRecentMetadata,
  purge: PurgeExpired,
  stats: GetStats,
  rotateEncryptionKey: RotateEncryptionKey,
  checkSealingKeys: CheckSealingKeys,
  authenticate: AuthenticateAccount,
  createAccount: CreateAccount,
  rotateToken: RotateAccountToken,
  setAccountEnabled: SetAccountEnabled,
  listAccounts: ListAccounts,
  getAccount: GetAccount,
  setRevealNotices: SetRevealNotices,
  setAccountLocale: SetAccountLocale,
  signInWithIdentity: SignInWithIdentity,
  startSession: StartSession,
  signInWithToken: SignInWithToken,
  resumeSession: ResumeSession,
  endSession: EndSession,
  endAccountSessions: EndAccountSessions,
  deleteAccount: DeleteAccount,
  listAccountSessions: ListAccountSessions,
  listAudit: ListAuditTrail,
  listOutbox: ListOutbox,
  retryOutbox: RetryOutbox,
  deliverOutbox: DeliverOutbox,
} as const satisfies { readonly [K in keyof UseCases]: abstract new (...args: never[]) => UseCases[K] };
