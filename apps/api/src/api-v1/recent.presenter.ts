import type { MetadataView } from '@hush/domain';
import { presentMetadata } from './metadata.presenter';

/**
 * The recent list (spec §3) as its JSON text, newest first, cut before the first receipt that would take
 * it past `maxBytes`: what is left out is the oldest, and one account cannot make the server build a huge
 * answer. Each receipt is serialised once, both to count its bytes and to send it.
 */
export function presentRecent(views: readonly MetadataView[], shareDomain: string, maxBytes: number): string {
  const listed: string[] = [];
  let bytes = '[]'.length;
  for (const view of views) {
    const item = JSON.stringify(presentMetadata(view, shareDomain, { listing: true }));
    bytes += (listed.length > 0 ? 1 : 0) + Buffer.byteLength(item, 'utf8');
    if (bytes > maxBytes) break;
    listed.push(item);
  }
  return `[${listed.join(',')}]`;
}
