/** Who is asking: an authenticated account, or nobody in particular. */
export type Caller = { readonly kind: 'anonymous' } | { readonly kind: 'account'; readonly custid: string };

export const ANONYMOUS_CUSTID = 'anon';

export const anonymousCaller: Caller = Object.freeze({ kind: 'anonymous' });

export function accountCaller(custid: string): Caller {
  return Object.freeze({ kind: 'account', custid });
}
