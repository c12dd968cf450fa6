import { MetadataView } from '@hush/domain';

export type WireMetadata = Record<string, unknown>;

/** The metadata object of spec §4, keys in contract order; absent fields are left out, not nulled. */
export function presentMetadata(view: MetadataView, shareDomain: string, extra: { value?: string } = {}): WireMetadata {
  const wire: WireMetadata = { custid: view.custid, metadata_key: view.metadataKey };
  if (view.secretKey !== undefined) wire.secret_key = view.secretKey;
  wire.ttl = view.ttl;
  wire.metadata_ttl = view.metadataTtl;
  if (view.secretTtl !== undefined) wire.secret_ttl = view.secretTtl;
  wire.state = view.state;
  wire.updated = view.updated;
  wire.created = view.created;
  if (view.received !== undefined) wire.received = view.received;
  wire.recipient = [...view.recipient];
  wire.share_domain = shareDomain;
  if (extra.value !== undefined) wire.value = extra.value;
  if (view.passphraseRequired !== undefined) wire.passphrase_required = view.passphraseRequired;
  return wire;
}
