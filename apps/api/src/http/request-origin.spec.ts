import { requestOrigin } from './request-origin';

const origin = (ip: string | undefined, userAgent?: string) => requestOrigin({ ip, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } });

describe('requestOrigin', () => {
  it('keeps a client address that is one', () => {
    for (const ip of ['203.0.113.7', '::ffff:127.0.0.1', '2001:db8::1', 'fe80::1%eth0']) expect(origin(ip).clientAddress).toBe(ip);
  });

  it('stores "unknown" for what a forged X-Forwarded-For can make of the address, never the text itself', () => {
    for (const ip of ['x'.repeat(10_000), 'unknown', '203.0.113.7<script>', '203.0.113.7 ', `fe80::1%${'z'.repeat(500)}`]) {
      expect(origin(ip).clientAddress).toBe('unknown');
    }
  });

  it('has no address when Express has none', () => {
    expect(origin(undefined).clientAddress).toBeNull();
  });

  it('keeps at most 256 characters of the user agent', () => {
    expect(origin('203.0.113.7', 'u'.repeat(1000)).userAgent).toHaveLength(256);
    expect(origin('203.0.113.7', '').userAgent).toBeNull();
  });
});
