/** An identity at a provider, (issuer, subject), linked to one account for good. */
export interface Identity {
  readonly issuer: string;
  readonly subject: string;
  readonly custid: string;
  readonly createdAt: Date;
}

/** What a provider said of a person, after its token was verified (the adapter's job). */
export interface IdentityClaims {
  readonly issuer: string;
  /** The `sub` claim. */
  readonly subject: string;
  readonly email?: string | null;
  /** The `email_verified` claim; anything but true counts as unverified. */
  readonly emailVerified?: boolean | null;
  /** The configured groups claim, as a list (an adapter turns a single string into one). */
  readonly groups?: readonly string[] | null;
  readonly locale?: string | null;
}
