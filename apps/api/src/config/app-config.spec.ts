import { loadConfig, startupWarnings } from './app-config';

const KEY = 'x'.repeat(32);
/** Listening on loopback only: no warning about an unset PUBLIC_URL. */
const LOCAL = { HOST: '127.0.0.1' };

describe('loadConfig (spec §9)', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      metrics: { port: 9464, host: '0.0.0.0', bearerToken: undefined },
      database: { url: undefined, dataDir: './data', poolSize: 10, connectTimeoutMs: 3000, statementTimeoutMs: 10_000, probeTimeoutMs: 2000, poolMode: 'session' },
      perCaller: { concurrent: 5, queued: 64 },
      publicUrl: 'http://localhost:3000',
      shareDomain: '',
      policy: { ttlDefault: 604800, ttlMin: 60, ttlMaxAnonymous: 604800, ttlMaxAccount: 2592000, maxPassphraseAttempts: 5, secretMaxBytes: 100000 },
      purgeIntervalSeconds: 60,
      recent: { maxItems: 1000, maxBytes: 1_048_576 },
      strictStatus: false,
      metadataKeyIsBearer: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '127.0.0.1', DATABASE_URL: 'postgres://u@db/hush', DATA_DIR: '/var/hush', MASTER_KEY: KEY,
      MASTER_KEY_PREVIOUS: `${'a'.repeat(32)}, ${'b'.repeat(32)}`, PUBLIC_URL: 'https://hush.example.com/', SECRET_MAX_BYTES: '5000',
      TTL_DEFAULT: '3600', TTL_MIN: '120', TTL_MAX_ANONYMOUS: '7200', TTL_MAX_ACCOUNT: '86400', PASSPHRASE_MAX_ATTEMPTS: '3',
      PURGE_INTERVAL_SECONDS: '30', API_V1_STRICT_STATUS: 'true', API_V1_METADATA_BEARER: '1', RECENT_MAX_ITEMS: '50', RECENT_MAX_BYTES: '65536',
      METRICS_PORT: '9100', METRICS_HOST: '10.0.0.5', METRICS_BEARER_TOKEN: 'sixteen-chars-ok',
      DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '4000', DATABASE_PROBE_TIMEOUT_MS: '250',
      DATABASE_POOL_MODE: 'transaction',
    });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', metrics: { port: 9100, host: '10.0.0.5', bearerToken: 'sixteen-chars-ok' }, masterKey: KEY,
      database: { url: 'postgres://u@db/hush', dataDir: '/var/hush', connectTimeoutMs: 500, statementTimeoutMs: 4000, probeTimeoutMs: 250, poolMode: 'transaction' },
      previousMasterKeys: ['a'.repeat(32), 'b'.repeat(32)], publicUrl: 'https://hush.example.com', shareDomain: 'https://hush.example.com',
      policy: { ttlDefault: 3600, ttlMin: 120, ttlMaxAnonymous: 7200, ttlMaxAccount: 86400, maxPassphraseAttempts: 3, secretMaxBytes: 5000 },
      purgeIntervalSeconds: 30, recent: { maxItems: 50, maxBytes: 65536 }, strictStatus: true, metadataKeyIsBearer: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be at most 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ connection string/],
    [{ DATABASE_URL: 'postgres://db/hush' }, /MASTER_KEY is required when DATABASE_URL is set/],
    [{ DATABASE_POOL_MODE: 'statement' }, /DATABASE_POOL_MODE must be session or transaction/],
    [{ MASTER_KEY: 'short' }, /MASTER_KEY must be at least 32 characters/],
    [{ MASTER_KEY_PREVIOUS: 'short' }, /MASTER_KEY_PREVIOUS.* must be at least 32 characters/],
    [{ PUBLIC_URL: 'hush.example.com' }, /PUBLIC_URL must be an http\(s\) origin/],
    [{ SECRET_MAX_BYTES: '0' }, /SECRET_MAX_BYTES must be at least 1/],
    [{ TTL_MIN: '-1' }, /TTL_MIN must be a whole number/],
    [{ TTL_MIN: '900000' }, /TTL_MIN must not exceed/],
    [{ PASSPHRASE_MAX_ATTEMPTS: 'five' }, /PASSPHRASE_MAX_ATTEMPTS must be a whole number/],
    [{ PURGE_INTERVAL_SECONDS: '0' }, /PURGE_INTERVAL_SECONDS must be at least 1/],
    [{ RECENT_MAX_ITEMS: '0' }, /RECENT_MAX_ITEMS must be at least 1/],
    [{ CONCURRENT_REQUESTS_PER_CALLER: 'two' }, /CONCURRENT_REQUESTS_PER_CALLER must be a whole number/],
    [{ CONCURRENT_REQUESTS_PER_CALLER: '10' }, /CONCURRENT_REQUESTS_PER_CALLER must be less than DATABASE_POOL_SIZE/],
    [{ DATABASE_POOL_SIZE: '4', CONCURRENT_REQUESTS_PER_CALLER: '5' }, /CONCURRENT_REQUESTS_PER_CALLER must be less than DATABASE_POOL_SIZE/],
    [{ QUEUED_REQUESTS_PER_CALLER: '-1' }, /QUEUED_REQUESTS_PER_CALLER must be a whole number/],
    [{ RECENT_MAX_BYTES: '1000' }, /RECENT_MAX_BYTES must be at least 16384/],
    [{ HTTP_BODY_MEMORY_BYTES: '1000' }, /HTTP_BODY_MEMORY_BYTES must be at least 1048576/],
    [{ SECRET_MAX_BYTES: '10000000' }, /HTTP_BODY_MEMORY_BYTES must be at least 60131072 with SECRET_MAX_BYTES=10000000/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10s' }, /DATABASE_STATEMENT_TIMEOUT_MS must be a whole number/],
    [{ DATABASE_PROBE_TIMEOUT_MS: '0' }, /DATABASE_PROBE_TIMEOUT_MS must be at least 50/],
    [{ API_V1_STRICT_STATUS: 'maybe' }, /API_V1_STRICT_STATUS must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ TRUST_PROXY: 'foo' }, /TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be/],
    [{ TRUST_PROXY: 'loopback, 300.1.1.1' }, /TRUST_PROXY must be/],
    [{ METRICS_PORT: 'off' }, /METRICS_PORT must be a whole number/],
    [{ METRICS_PORT: '65536' }, /METRICS_PORT must be at most 65535/],
    [{ PORT: '9000', METRICS_PORT: '9000' }, /METRICS_PORT must differ from PORT/],
    [{ METRICS_BEARER_TOKEN: 'too-short' }, /METRICS_BEARER_TOKEN must be at least 16 characters/],
    [{ METRICS_BEARER_TOKEN: 'long enough but spaced' }, /METRICS_BEARER_TOKEN must be printable ASCII without spaces/],
    [{ SMTP_URL: 'smtp://mail.example.com:587', MAIL_FROM: 'hush@example.com' }, /PUBLIC_URL is required when SMTP_URL is set/],
  ])('stops on %p with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback', 'loopback'],
    ['loopback, 10.0.0.0/8, 192.168.1.1/255.255.255.0, 2001:db8::/32, ::1', 'loopback, 10.0.0.0/8, 192.168.1.1/255.255.255.0, 2001:db8::/32, ::1'],
  ])('accepts TRUST_PROXY=%p', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    [{ DATABASE_POOL_SIZE: '1' }, { concurrent: 1, queued: 64 }],
    [{ DATABASE_POOL_SIZE: '2' }, { concurrent: 1, queued: 64 }],
    [{ DATABASE_POOL_SIZE: '5' }, { concurrent: 2, queued: 64 }],
    [{ DATABASE_POOL_SIZE: '20', CONCURRENT_REQUESTS_PER_CALLER: '15', QUEUED_REQUESTS_PER_CALLER: '0' }, { concurrent: 15, queued: 0 }],
    [{ CONCURRENT_REQUESTS_PER_CALLER: '0' }, { concurrent: 0, queued: 64 }],
  ])('gives one caller less than the pool: %p', (env, perCaller) => {
    expect(loadConfig(env).perCaller).toEqual(perCaller);
  });

  it('warns at start-up when the server listens beyond loopback without PUBLIC_URL: its links would name localhost', () => {
    expect(startupWarnings(loadConfig({}))).toEqual([expect.stringMatching(/^PUBLIC_URL is unset while HOST=0\.0\.0\.0 .* http:\/\/localhost:3000/)]);
    expect(startupWarnings(loadConfig({ HOST: '10.0.0.5', PORT: '8080' }))).toEqual([expect.stringMatching(/HOST=10\.0\.0\.5 .* http:\/\/localhost:8080/)]);
    for (const HOST of ['127.0.0.1', '127.0.0.2', 'localhost', '::1']) expect(startupWarnings(loadConfig({ HOST }))).toEqual([]);
    expect(startupWarnings(loadConfig({ PUBLIC_URL: 'https://hush.example.com' }))).toEqual([]);
  });

  it('needs PUBLIC_URL with mail, whose links must open for their readers, and gives mails the brand as display name', () => {
    const mail = { SMTP_URL: 'smtp://mail.example.com:587', MAIL_FROM: 'hush@example.com', PUBLIC_URL: 'https://hush.example.com' };
    expect(loadConfig(mail).mail).toMatchObject({ from: 'hush@example.com', fromName: 'Hush' });
    expect(loadConfig({ ...mail, BRAND_NAME: 'Example AB' }).mail?.fromName).toBe('Example AB');
    expect(loadConfig({ ...mail, BRAND_NAME: 'Example AB', MAIL_FROM: '"IT Desk" <it@example.com>' }).mail?.fromName).toBe('IT Desk');
    expect(loadConfig({ ...mail, MAIL_FROM: 'IT Desk <it@example.com>', MAIL_FROM_NAME: 'Example AB IT' }).mail?.fromName).toBe('Example AB IT');
    expect(() => loadConfig({ ...mail, MAIL_FROM_NAME: 'alice@example.com' })).toThrow(/MAIL_FROM_NAME must be a name, not an address/);
    expect(() => loadConfig({ ...mail, MAIL_FROM: '"alice@example.com" <hush@example.com>' })).toThrow(/MAIL_FROM's display name must be a name, not an address/);
  });

  it('warns at start-up that with a pool of one connection a caller can hold it', () => {
    expect(startupWarnings(loadConfig({ ...LOCAL, DATABASE_POOL_SIZE: '1' }))).toEqual([expect.stringMatching(/DATABASE_POOL_SIZE=1/)]);
    expect(startupWarnings(loadConfig({ ...LOCAL, DATABASE_POOL_SIZE: '2' }))).toEqual([]);
  });

  it('serves metrics on METRICS_HOST, by default the API\'s HOST; METRICS_PORT=0 turns the listener off', () => {
    expect(loadConfig({ HOST: '127.0.0.1' }).metrics).toEqual({ port: 9464, host: '127.0.0.1', bearerToken: undefined });
    expect(loadConfig({ METRICS_PORT: '0' }).metrics).toBeNull();
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metrics).toBeNull();
  });

  it('warns at start-up about TRUST_PROXY=true, which lets a forged X-Forwarded-For escape rate limits', () => {
    expect(startupWarnings(loadConfig({ ...LOCAL, TRUST_PROXY: 'true' }))).toEqual([expect.stringMatching(/TRUST_PROXY=true .* forge/)]);
    for (const value of ['false', '1', 'loopback']) expect(startupWarnings(loadConfig({ ...LOCAL, TRUST_PROXY: value }))).toEqual([]);
  });

  it('reads the session ends, CREATE_REQUIRES_ACCOUNT (and its old name, with a warning) and WEB_TOKEN_SIGNIN (ACCOUNTS.md §4)', () => {
    const defaults = loadConfig({});
    expect(defaults.sessions).toEqual({ idleMinutes: 60, maxHours: 12 });
    expect(defaults.web).toMatchObject({ createRequiresAccount: false, tokenSignIn: true });
    expect(loadConfig({ WEB_SESSION_IDLE_MINUTES: '15', WEB_SESSION_MAX_HOURS: '8' }).sessions).toEqual({ idleMinutes: 15, maxHours: 8 });
    expect(() => loadConfig({ WEB_SESSION_IDLE_MINUTES: '0' })).toThrow(/WEB_SESSION_IDLE_MINUTES/);
    expect(loadConfig({ CREATE_REQUIRES_ACCOUNT: 'true' }).web.createRequiresAccount).toBe(true);
    expect(startupWarnings(loadConfig({ ...LOCAL, CREATE_REQUIRES_ACCOUNT: 'true' }))).toEqual([]);
    const alias = loadConfig({ ...LOCAL, WEB_CREATE_REQUIRES_ACCOUNT: 'true' });
    expect(alias.web.createRequiresAccount).toBe(true);
    expect(startupWarnings(alias)).toEqual([expect.stringMatching(/WEB_CREATE_REQUIRES_ACCOUNT .* CREATE_REQUIRES_ACCOUNT/)]);
    expect(loadConfig({ WEB_TOKEN_SIGNIN: 'false' }).web.tokenSignIn).toBe(false);
    expect(() => loadConfig({ WEB_TOKEN_SIGNIN: 'maybe' })).toThrow(/WEB_TOKEN_SIGNIN/);
  });

  it('never repeats a master key in its error message', () => {
    const secretish = 'short-but-secret';
    expect(() => loadConfig({ MASTER_KEY: secretish })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secretish) }));
  });
});
