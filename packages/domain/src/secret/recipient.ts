import { UndeliverableRecipientError } from '../errors';

const EMAIL = /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/u;

/** True when an address looks like one mail can be sent to. */
export function isDeliverableAddress(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= 254 && EMAIL.test(trimmed);
}

/** Checks an address looks deliverable and returns the obscured form that is stored and shown. */
export function obscureRecipient(address: string): string {
  if (!isDeliverableAddress(address)) throw new UndeliverableRecipientError(address);
  const trimmed = address.trim();
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1);
  const tld = domain.slice(domain.lastIndexOf('.'));
  return `${local.slice(0, 2)}*****@${domain.slice(0, 1)}*****${tld}`;
}
