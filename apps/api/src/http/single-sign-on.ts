/**
 * What the pages need to know of single sign-on to draw the sign-in page (ACCOUNTS.md §1): the button's label,
 * the issuer's origin for the page's CSP `form-action`, and whether the provider can be reached right now (503
 * otherwise). Bound under SINGLE_SIGN_ON (tokens.ts) by the sign-in surface when OIDC is configured.
 */
export interface SingleSignOn {
  readonly providerName: string;
  readonly issuerOrigin: string;
  /** True once discovery succeeded; while false the sign-in page says sign-in is unavailable (503). */
  readonly available: boolean;
  /** Discovers now when it has not succeeded yet (at most once a second); resolves to `available`. */
  check(): Promise<boolean>;
  /**
   * Where sign-out continues (ACCOUNTS.md §1): the provider's `end_session_endpoint` with this client and PUBLIC_URL to
   * come back to, when OIDC_SIGN_OUT_AT_PROVIDER=true and the provider offers one; else null (sign-out ends at `/`).
   */
  endSessionUrl(): string | null;
}
