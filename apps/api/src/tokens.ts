/** Injection tokens of the composition root: configuration, the database and its narrow parts, and the ports a test may replace. */
export const APP_CONFIG = Symbol('AppConfig');
export const DATABASE = Symbol('Database');
export const CLOCK = Symbol('Clock');
export const SECRET_EVENTS = Symbol('SecretEvents');
export const USE_CASES = Symbol('UseCases');
export const EXCLUSIVE_LOCK = Symbol('ExclusiveLock');
export const DATABASE_PING = Symbol('DatabasePing');
export const MIGRATOR = Symbol('Migrator');
export const RATE_COUNTER = Symbol('RateCounter');
export const OUTBOX = Symbol('Outbox');
export const MAIL_QUOTA = Symbol('MailQuota');
export const MESSAGE_SENDERS = Symbol('MessageSenders');
export const DELIVERY_EVENTS = Symbol('DeliveryEvents');
/** The master-key cipher the use cases seal with; the sign-in transaction cookie is sealed with it too. */
export const CIPHER = Symbol('Cipher');
/** Single sign-on as the pages see it (http/single-sign-on.ts); bound only when OIDC_ISSUER_URL is set. */
export const SINGLE_SIGN_ON = Symbol('SingleSignOn');
/** The sign-in page (http/signin-page.ts): drawn by the pages, shown by the sign-in surface. */
export const SIGNIN_PAGE = Symbol('SignInPage');
