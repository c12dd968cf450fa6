import { IdentityClaims } from './identity';
import { SignInPolicy } from './sign-in-policy';

const claims = (extra: Partial<IdentityClaims> = {}): IdentityClaims =>
  ({ issuer: 'https://id.example.com', subject: 's1', email: 'alice@example.com', emailVerified: true, groups: [], ...extra });

describe('SignInPolicy (who may enter)', () => {
  it('lets anyone with a verified e-mail in by default', () => {
    expect(SignInPolicy.create().refusal(claims(), true)).toBeNull();
  });

  it('needs an e-mail at a first sign-in, and a verified one unless told otherwise', () => {
    const policy = SignInPolicy.create();
    expect(policy.refusal(claims({ email: null }), true)).toBe('email_missing');
    expect(policy.refusal(claims({ email: '  ' }), true)).toBe('email_missing');
    expect(policy.refusal(claims({ email: 'no-at-sign' }), true)).toBe('email_missing');
    expect(policy.refusal(claims({ emailVerified: false }), true)).toBe('email_unverified');
    expect(policy.refusal(claims({ emailVerified: null }), true)).toBe('email_unverified');
    expect(SignInPolicy.create({ requireVerifiedEmail: false }).refusal(claims({ emailVerified: false }), true)).toBeNull();
  });

  it('asks nothing of the e-mail after the first sign-in when no domain is restricted', () => {
    expect(SignInPolicy.create().refusal(claims({ email: null, emailVerified: false }), false)).toBeNull();
  });

  it('matches allowed domains exactly, ignoring case; not their subdomains, nor look-alikes', () => {
    const policy = SignInPolicy.create({ allowedEmailDomains: [' Example.COM ', '@corp.example.org', ''] });
    expect(policy.refusal(claims({ email: 'alice@example.com' }), true)).toBeNull();
    expect(policy.refusal(claims({ email: 'Alice@EXAMPLE.com' }), true)).toBeNull();
    expect(policy.refusal(claims({ email: 'bob@corp.example.org' }), true)).toBeNull();
    expect(policy.refusal(claims({ email: 'eve@sub.example.com' }), true)).toBe('email_domain');
    expect(policy.refusal(claims({ email: 'eve@example.com.evil.test' }), true)).toBe('email_domain');
    expect(policy.refusal(claims({ email: 'eve@notexample.com' }), true)).toBe('email_domain');
    expect(policy.refusal(claims({ email: 'eve@example.org' }), true)).toBe('email_domain');
    expect(policy.refusal(claims({ email: '"a@example.com"@evil.test' }), true)).toBe('email_domain');
  });

  it('checks domains at every sign-in, and an unverified e-mail proves no domain', () => {
    const policy = SignInPolicy.create({ allowedEmailDomains: ['example.com'] });
    expect(policy.refusal(claims({ email: 'alice@elsewhere.test' }), false)).toBe('email_domain');
    expect(policy.refusal(claims({ email: null }), false)).toBe('email_missing');
    expect(policy.refusal(claims({ emailVerified: false }), false)).toBe('email_unverified');
  });

  it('admits a person in any one allowed group; groups match exactly', () => {
    const policy = SignInPolicy.create({ allowedGroups: ['hush-users', 'admins'] });
    expect(policy.refusal(claims({ groups: ['staff', 'admins'] }), true)).toBeNull();
    expect(policy.refusal(claims({ groups: ['staff'] }), true)).toBe('group');
    expect(policy.refusal(claims({ groups: ['Admins'] }), true)).toBe('group');
    expect(policy.refusal(claims({ groups: [] }), false)).toBe('group');
    expect(policy.refusal(claims({ groups: null }), false)).toBe('group');
  });

  it('takes the locale claim when the service speaks it', () => {
    const policy = SignInPolicy.create();
    expect(policy.localeOf(claims({ locale: 'sv' }))).toBe('sv');
    expect(policy.localeOf(claims({ locale: 'nl-BE' }))).toBe('nl');
    expect(policy.localeOf(claims({ locale: 'EN_gb' }))).toBe('en');
    expect(policy.localeOf(claims({ locale: 'de' }))).toBeNull();
    expect(policy.localeOf(claims({}))).toBeNull();
  });
});
