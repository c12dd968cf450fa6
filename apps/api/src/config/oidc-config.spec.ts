import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config';

const OIDC = { PUBLIC_URL: 'https://hush.example.com', OIDC_ISSUER_URL: 'https://login.example.com/realms/staff', OIDC_CLIENT_ID: 'hush' };

describe('single sign-on configuration (ACCOUNTS.md §4)', () => {
  it('is off without OIDC_ISSUER_URL; the sign-in rules keep their defaults', () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.signIn).toEqual({ requireVerifiedEmail: true, allowedEmailDomains: [], allowedGroups: [], createAccounts: true });
  });

  it('reads the provider, the redirect URI from PUBLIC_URL, and the defaults', () => {
    const config = loadConfig({ ...OIDC, OIDC_CLIENT_SECRET: 's3cret' });
    expect(config.oidc).toEqual({
      issuerUrl: 'https://login.example.com/realms/staff',
      clientId: 'hush',
      clientSecret: 's3cret',
      scopes: 'openid email profile',
      providerName: 'single sign-on',
      groupsClaim: 'groups',
      signOutAtProvider: false,
      redirectUri: 'https://hush.example.com/signin/callback',
    });
  });

  it('maps who may enter', () => {
    const config = loadConfig({
      ...OIDC,
      OIDC_ALLOWED_EMAIL_DOMAINS: 'example.com, staff.example.com',
      OIDC_ALLOWED_GROUPS: 'hush-users',
      OIDC_REQUIRE_VERIFIED_EMAIL: 'false',
      OIDC_CREATE_ACCOUNTS: 'no',
    });
    expect(config.signIn).toEqual({ requireVerifiedEmail: false, allowedEmailDomains: ['example.com', 'staff.example.com'], allowedGroups: ['hush-users'], createAccounts: false });
  });

  it('reads the client secret from OIDC_CLIENT_SECRET_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hush-oidc-')), 'secret');
    writeFileSync(file, 'from-a-file\n');
    expect(loadConfig({ ...OIDC, OIDC_CLIENT_SECRET_FILE: file }).oidc?.clientSecret).toBe('from-a-file');
    expect(() => loadConfig({ ...OIDC, OIDC_CLIENT_SECRET_FILE: `${file}.missing` })).toThrow(/OIDC_CLIENT_SECRET_FILE cannot be read/);
    expect(() => loadConfig({ ...OIDC, OIDC_CLIENT_SECRET: 'x', OIDC_CLIENT_SECRET_FILE: file })).toThrow(/OIDC_CLIENT_SECRET_FILE/);
  });

  it.each([
    [{ OIDC_ISSUER_URL: OIDC.OIDC_ISSUER_URL, PUBLIC_URL: OIDC.PUBLIC_URL }, /OIDC_CLIENT_ID is required/],
    [{ OIDC_CLIENT_ID: 'hush', PUBLIC_URL: OIDC.PUBLIC_URL }, /OIDC_ISSUER_URL is required/],
    [{ OIDC_ISSUER_URL: OIDC.OIDC_ISSUER_URL, OIDC_CLIENT_ID: 'hush' }, /PUBLIC_URL is required/],
    [{ ...OIDC, OIDC_ISSUER_URL: 'http://login.example.com' }, /OIDC_ISSUER_URL must be https/],
    [{ ...OIDC, OIDC_ISSUER_URL: 'ftp://login.example.com' }, /OIDC_ISSUER_URL/],
    [{ ...OIDC, OIDC_SCOPES: 'email profile' }, /OIDC_SCOPES must include openid/],
  ])('a bad combination stops start-up naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each(['http://127.0.0.1:9000', 'http://localhost:8080/realms/dev', 'http://[::1]:9000'])('plain http is accepted on a loopback issuer: %s', (issuer) => {
    expect(loadConfig({ ...OIDC, OIDC_ISSUER_URL: issuer }).oidc?.issuerUrl).toBe(issuer);
  });
});
