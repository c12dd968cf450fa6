import { UndeliverableRecipientError } from '../errors';

const EMAIL = /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/u;

/** Checks an address looks deliverable and returns the obscured form that is stored and shown. */
export function obscureRecipient(address: string): string {
  const trimmed = address.trim();
  if (trimmed.length > 254 || !EMAIL.test(trimmed)) throw new UndeliverableRecipientError(address);
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  const tld = domain.slice(domain.lastIndexOf('.'));
  return `${local.slice(0, 2)}*****@${domain.slice(0, 1)}*****${tld}`;
}
