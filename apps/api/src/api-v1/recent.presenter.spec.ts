import { MetadataState, type MetadataView } from '@hush/domain';
import { presentRecent as presentRecentText } from './recent.presenter';
import type { WireMetadata } from './metadata.presenter';

const presentRecent = (views: readonly MetadataView[], shareDomain: string, maxBytes: number): WireMetadata[] =>
  JSON.parse(presentRecentText(views, shareDomain, maxBytes)) as WireMetadata[];

const view = (index: number, recipients: readonly string[] = []): MetadataView => ({
  owner: 'alice@example.com',
  metadataKey: `metadata${String(index).padStart(23, '0')}`,
  reference: 'abc123',
  secretKey: null,
  ttl: 3600,
  metadataTtl: 7200,
  secretTtl: 3600,
  state: MetadataState.New,
  createdAt: new Date(1_800_000_000_000 - index * 1000),
  secretExpiresAt: new Date(1_800_003_600_000 - index * 1000),
  updatedAt: new Date(1_800_000_000_000 - index * 1000),
  receivedAt: null,
  recipients,
  passphraseRequired: false,
});

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('presentRecent', () => {
  const views = Array.from({ length: 40 }, (_, i) => view(i, Array.from({ length: 10 }, () => `ré*****@e*****.${'x'.repeat(200)}`)));

  it('keeps everything, in the given order, when it fits', () => {
    const listed = presentRecent(views, '', 10_000_000);
    expect(listed.map((item) => item.metadata_key)).toEqual(views.map((v) => v.metadataKey));
    expect(listed.every((item) => item.secret_key === null)).toBe(true);
  });

  it.each([16_384, 20_000, 65_536])('stops before the receipt that would take the JSON past %p bytes', (maxBytes) => {
    const listed = presentRecent(views, 'https://hush.example.com', maxBytes);
    expect(bytesOf(listed)).toBeLessThanOrEqual(maxBytes);
    expect(listed.map((item) => item.metadata_key)).toEqual(views.slice(0, listed.length).map((v) => v.metadataKey));
    const oneMore = presentRecent(views.slice(0, listed.length + 1), 'https://hush.example.com', Number.MAX_SAFE_INTEGER);
    expect(bytesOf(oneMore)).toBeGreaterThan(maxBytes);
  });

  it('counts bytes, not characters', () => {
    const wide = Array.from({ length: 30 }, (_, i) => view(i, Array.from({ length: 10 }, () => `é€*****@€*****.${'x'.repeat(100)}`)));
    const listed = presentRecent(wide, '', 16_384);
    expect(bytesOf(listed)).toBeLessThanOrEqual(16_384);
    expect(bytesOf(presentRecent(wide.slice(0, listed.length + 1), '', Number.MAX_SAFE_INTEGER))).toBeGreaterThan(16_384);
  });

  it('is the very text JSON.stringify makes of the listed receipts', () => {
    const text = presentRecentText(views, 'https://hush.example.com', 65_536);
    expect(text).toBe(JSON.stringify(JSON.parse(text)));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(65_536);
  });

  it('is [] when nothing is listed or the first receipt alone is too large', () => {
    expect(presentRecent([], '', 16_384)).toEqual([]);
    expect(presentRecent(views, '', 100)).toEqual([]);
  });
});
