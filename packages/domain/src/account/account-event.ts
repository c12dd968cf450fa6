/** ACCOUNTS.md §5: what happens to an account, as the audit trail names it. */
export const AccountEventType = {
  SignedIn: 'account.signed_in',
  SignInRefused: 'account.signin_refused',
  SignedOut: 'account.signed_out',
  Created: 'account.created',
  TokenReplaced: 'account.token_replaced',
  Deleted: 'account.deleted',
} as const;

export type AccountEventType = (typeof AccountEventType)[keyof typeof AccountEventType];

/** How a session was started: through the identity provider, or with the account name and API token. */
export type SignInMethod = 'sso' | 'token';
