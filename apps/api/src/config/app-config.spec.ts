import { loadConfig, startupWarnings } from './app-config';

const KEY = 'x'.repeat(32);

describe('loadConfig (spec §9)', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { url: undefined, dataDir: './data', poolSize: 10, connectTimeoutMs: 3000, statementTimeoutMs: 10_000, probeTimeoutMs: 2000 },
      publicUrl: 'http://localhost:3000',
      shareDomain: '',
      policy: { ttlDefault: 604800, ttlMin: 60, ttlMaxAnonymous: 604800, ttlMaxAccount: 2592000, maxPassphraseAttempts: 5, secretMaxBytes: 100000 },
      purgeIntervalSeconds: 60,
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
      PURGE_INTERVAL_SECONDS: '30', API_V1_STRICT_STATUS: 'true', API_V1_METADATA_BEARER: '1',
      DATABASE_CONNECT_TIMEOUT_MS: '500', DATABASE_STATEMENT_TIMEOUT_MS: '4000', DATABASE_PROBE_TIMEOUT_MS: '250',
    });
    expect(config).toMatchObject({
      port: 8080, host: '127.0.0.1', masterKey: KEY,
      database: { url: 'postgres://u@db/hush', dataDir: '/var/hush', connectTimeoutMs: 500, statementTimeoutMs: 4000, probeTimeoutMs: 250 },
      previousMasterKeys: ['a'.repeat(32), 'b'.repeat(32)], publicUrl: 'https://hush.example.com', shareDomain: 'https://hush.example.com',
      policy: { ttlDefault: 3600, ttlMin: 120, ttlMaxAnonymous: 7200, ttlMaxAccount: 86400, maxPassphraseAttempts: 3, secretMaxBytes: 5000 },
      purgeIntervalSeconds: 30, strictStatus: true, metadataKeyIsBearer: true,
    });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be at most 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ connection string/],
    [{ DATABASE_URL: 'postgres://db/hush' }, /MASTER_KEY is required when DATABASE_URL is set/],
    [{ MASTER_KEY: 'short' }, /MASTER_KEY must be at least 32 characters/],
    [{ MASTER_KEY_PREVIOUS: 'short' }, /MASTER_KEY_PREVIOUS.* must be at least 32 characters/],
    [{ PUBLIC_URL: 'hush.example.com' }, /PUBLIC_URL must be an http\(s\) origin/],
    [{ SECRET_MAX_BYTES: '0' }, /SECRET_MAX_BYTES must be at least 1/],
    [{ TTL_MIN: '-1' }, /TTL_MIN must be a whole number/],
    [{ TTL_MIN: '900000' }, /TTL_MIN must not exceed/],
    [{ PASSPHRASE_MAX_ATTEMPTS: 'five' }, /PASSPHRASE_MAX_ATTEMPTS must be a whole number/],
    [{ PURGE_INTERVAL_SECONDS: '0' }, /PURGE_INTERVAL_SECONDS must be at least 1/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '10s' }, /DATABASE_STATEMENT_TIMEOUT_MS must be a whole number/],
    [{ DATABASE_PROBE_TIMEOUT_MS: '0' }, /DATABASE_PROBE_TIMEOUT_MS must be at least 50/],
    [{ API_V1_STRICT_STATUS: 'maybe' }, /API_V1_STRICT_STATUS must be true or false/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ TRUST_PROXY: 'foo' }, /TRUST_PROXY must be true, false, a hop count, or comma-separated proxy addresses/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be/],
    [{ TRUST_PROXY: 'loopback, 300.1.1.1' }, /TRUST_PROXY must be/],
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

  it('warns at start-up about TRUST_PROXY=true, which lets a forged X-Forwarded-For escape rate limits', () => {
    expect(startupWarnings(loadConfig({ TRUST_PROXY: 'true' }))).toEqual([expect.stringMatching(/TRUST_PROXY=true .* forge/)]);
    for (const value of ['false', '1', 'loopback']) expect(startupWarnings(loadConfig({ TRUST_PROXY: value }))).toEqual([]);
  });

  it('never repeats a master key in its error message', () => {
    const secretish = 'short-but-secret';
    expect(() => loadConfig({ MASTER_KEY: secretish })).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secretish) }));
  });
});
