import { isIP, isIPv4, isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;
/** The longest IPv6 text (45 characters) with room for an interface's zone id. */
const MAX_ADDRESS_LENGTH = 64;

/** The eight 16-bit groups of an IPv6 address (an embedded dotted quad counts as two). */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * What one client is, for counting: an IPv4 address, or the /64 network of an IPv6 address (one
 * subscriber usually holds a whole /64, so single addresses would be free for the asking).
 */
export function rateLimitClient(ip: string | undefined): string {
  const address = (ip ?? '').split('%')[0] ?? '';
  const mapped = IPV4_MAPPED.exec(address)?.[1];
  if (mapped !== undefined) return mapped;
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
  return 'unknown';
}

/**
 * The client address as the audit trail keeps it: the address itself, or `unknown` when what Express
 * took for one (with TRUST_PROXY, any X-Forwarded-For text) is not an address.
 */
export function auditClientAddress(ip: string): string {
  return ip.length <= MAX_ADDRESS_LENGTH && isIP(ip) !== 0 ? ip : 'unknown';
}
