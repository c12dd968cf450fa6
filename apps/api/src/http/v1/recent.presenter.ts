import type { MetadataView } from '@hush/domain';
import { presentMetadata, type WireMetadata } from './metadata.presenter';

/** `[` and `]`. */
const BRACKETS = 2;

/**
 * The recent list (spec §3), newest first, cut before the first receipt that would take its JSON past
 * `maxBytes`: what is left out is the oldest, and one account cannot make the server build a huge answer.
 */
export function presentRecent(views: readonly MetadataView[], shareDomain: string, maxBytes: number): WireMetadata[] {
  const listed: WireMetadata[] = [];
  let bytes = BRACKETS;
  for (const view of views) {
    const item = presentMetadata(view, shareDomain, { listing: true });
    const separator = listed.length > 0 ? 1 : 0;
    bytes += separator + Buffer.byteLength(JSON.stringify(item), 'utf8');
    if (bytes > maxBytes) break;
    listed.push(item);
  }
  return listed;
}
