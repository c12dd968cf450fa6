import { IdentityClaims } from './identity';

/** Why a person may not sign in here; stable words for the audit trail and the adapters. */
export type SignInRefusal =
  /** No e-mail claim where one is needed (a first sign-in, or allowed domains are set). */
  | 'email_missing'
  /** The e-mail is not verified while verified e-mail is required. */
  | 'email_unverified'
  /** The e-mail's domain is not one of the allowed domains. */
  | 'email_domain'
  /** None of the person's groups is an allowed group. */
  | 'group'
  /** The e-mail cannot name an account (custid rules). */
  | 'email_unusable'
  /** An account with this e-mail already belongs to another identity of this issuer. */
  | 'email_taken'
  /** No account to link and accounts are not created on sign-in. */
  | 'no_account';

export interface SignInSettings {
  /** OIDC_REQUIRE_VERIFIED_EMAIL. */
  readonly requireVerifiedEmail: boolean;
  /** OIDC_ALLOWED_EMAIL_DOMAINS; empty: any. */
  readonly allowedEmailDomains: readonly string[];
  /** OIDC_ALLOWED_GROUPS; empty: any. */
  readonly allowedGroups: readonly string[];
  /** OIDC_CREATE_ACCOUNTS. */
  readonly createAccounts: boolean;
  /** Languages an account created on sign-in may take from the `locale` claim. */
  readonly locales: readonly string[];
}

export const DEFAULT_SIGN_IN_SETTINGS: SignInSettings = Object.freeze({
  requireVerifiedEmail: true,
  allowedEmailDomains: [],
  allowedGroups: [],
  createAccounts: true,
  locales: ['en', 'sv', 'nl'],
});

const domainOf = (email: string): string => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * Who may enter (ACCOUNTS.md §3), a rule on verified claims alone. Domains match exactly, ignoring case
 * (`example.com` admits `a@EXAMPLE.com`, not `a@sub.example.com`: a subdomain is often another tenant);
 * groups match exactly, and one shared group is enough. Checked at every sign-in, not only the first, so
 * that a person moved out of the allowed groups or domains is kept out.
 */
export class SignInPolicy {
  private constructor(
    private readonly settings: SignInSettings,
    private readonly domains: ReadonlySet<string>,
    private readonly groups: ReadonlySet<string>,
  ) {}

  static create(settings: Partial<SignInSettings> = {}): SignInPolicy {
    const all = { ...DEFAULT_SIGN_IN_SETTINGS, ...settings };
    const domains = all.allowedEmailDomains.map((domain) => domain.trim().replace(/^@/, '').toLowerCase()).filter((domain) => domain !== '');
    const groups = all.allowedGroups.map((group) => group.trim()).filter((group) => group !== '');
    return new SignInPolicy(all, new Set(domains), new Set(groups));
  }

  get createsAccounts(): boolean {
    return this.settings.createAccounts;
  }

  /** The claimed language when the service speaks it (its primary subtag: `sv-SE` is `sv`), else null. */
  localeOf(claims: IdentityClaims): string | null {
    const primary = claims.locale?.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
    return this.settings.locales.includes(primary) ? primary : null;
  }

  /**
   * Null when these claims may enter, else why not. `firstSignIn`: the identity is not linked yet, so the
   * e-mail is what finds or names its account and is needed even when no domain is restricted.
   */
  refusal(claims: IdentityClaims, firstSignIn: boolean): SignInRefusal | null {
    if (this.groups.size > 0 && !(claims.groups ?? []).some((group) => this.groups.has(group))) return 'group';
    if (!firstSignIn && this.domains.size === 0) return null;
    const email = claims.email?.trim() ?? '';
    if (email === '' || !email.includes('@')) return 'email_missing';
    if (this.settings.requireVerifiedEmail && claims.emailVerified !== true) return 'email_unverified';
    if (this.domains.size > 0 && !this.domains.has(domainOf(email))) return 'email_domain';
    return null;
  }
}
