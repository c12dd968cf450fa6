import { ANONYMOUS_CUSTID, MetadataState, type MetadataView } from '@hush/domain';

export type WireMetadata = Record<string, unknown>;

const unixSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/**
 * The metadata object of spec §4, keys in contract order. While the secret lives it carries its key and
 * remaining time; once received, `received` instead; once burned or expired, an empty key and a null ttl.
 * In a listing the secret key is always null. passphrase_required is always there, last.
 */
export function presentMetadata(view: MetadataView, shareDomain: string, extra: { value?: string; listing?: boolean } = {}): WireMetadata {
  const live = view.state === MetadataState.New || view.state === MetadataState.Viewed;
  const received = view.state === MetadataState.Received;
  const wire: WireMetadata = { custid: view.owner ?? ANONYMOUS_CUSTID, metadata_key: view.metadataKey };
  if (extra.listing) wire.secret_key = null;
  else if (live) wire.secret_key = view.secretKey;
  else if (!received) wire.secret_key = '';
  wire.ttl = view.ttl;
  wire.metadata_ttl = view.metadataTtl;
  if (!received) wire.secret_ttl = live ? view.secretTtl : null;
  wire.state = view.state;
  wire.updated = unixSeconds(view.updatedAt);
  wire.created = unixSeconds(view.createdAt);
  if (received && view.receivedAt) wire.received = unixSeconds(view.receivedAt);
  wire.recipient = [...view.recipients];
  wire.share_domain = shareDomain;
  if (extra.value !== undefined) wire.value = extra.value;
  wire.passphrase_required = view.passphraseRequired;
  return wire;
}
