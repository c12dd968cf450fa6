import { createHash } from 'node:crypto';

/**
 * How the outbox names a webhook URL: its origin and a digest of the whole URL. URLs often carry a token
 * in their path or query (Slack's do), so the URL itself is never stored.
 */
export function webhookDestination(url: string): string {
  return `${new URL(url).origin}#${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
}
