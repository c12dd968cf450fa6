import { UndeliverableRecipientError } from '../errors';

const EMAIL = /^[^\s\p{Cc}@<>()[\]\\,;:"]+@[^\s\p{Cc}@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/u;
// Joiners, direction marks, soft hyphens, fillers, private and unassigned code points: an address holding one is not the one a reader sees.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Co}\p{Cs}\p{Cn}]/u;
const IDEOGRAPHIC_FULL_STOPS = /[\u3002\uff0e\uff61]/g;
const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** The longest address SMTP carries (RFC 5321's 256-octet path less its angle brackets). */
export const RECIPIENT_MAX_LENGTH = 254;

/** True when an address looks like one mail can be sent to. */
export function isDeliverableAddress(address: string): boolean {
  const trimmed = address.trim();
  return trimmed.length <= RECIPIENT_MAX_LENGTH && EMAIL.test(trimmed) && !INVISIBLE.test(trimmed);
}

/**
 * The mailbox a deliverable address reaches, as the mail budgets count it: case and compatibility forms
 * folded, a `+tag` dropped, and the dots of Gmail's local parts (the one provider known to ignore them), so
 * that spellings of one mailbox share one budget. Dots elsewhere and `-` tags stay: they may be other people.
 */
export function mailboxKey(address: string): string {
  const folded = address.trim().normalize('NFKC').toLowerCase();
  const at = folded.lastIndexOf('@');
  const domain = folded.slice(at + 1).replace(IDEOGRAPHIC_FULL_STOPS, '.');
  const tagged = folded.slice(0, at);
  const plus = tagged.indexOf('+');
  const local = plus > 0 ? tagged.slice(0, plus) : tagged;
  return DOTLESS_DOMAINS.has(domain) ? `${local.replaceAll('.', '')}@gmail.com` : `${local}@${domain}`;
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
