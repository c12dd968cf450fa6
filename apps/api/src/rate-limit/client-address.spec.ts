import { rateLimitClient } from './client-address';

describe('rateLimitClient', () => {
  it('keeps an IPv4 address, also when it arrives IPv4-mapped', () => {
    expect(rateLimitClient('203.0.113.7')).toBe('203.0.113.7');
    expect(rateLimitClient('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 per /64, whatever the spelling', () => {
    const network = '2001:db8:aa:bb::/64';
    for (const address of ['2001:db8:aa:bb::1', '2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff', '2001:DB8:AA:BB:1:2:3:4', '2001:db8:aa:bb::1%eth0', '2001:db8:aa:bb:0:0:1.2.3.4']) {
      expect(rateLimitClient(address)).toBe(network);
    }
    expect(rateLimitClient('2001:db8:aa:bc::1')).toBe('2001:db8:aa:bc::/64');
    expect(rateLimitClient('::1')).toBe('0:0:0:0::/64');
    expect(rateLimitClient('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('puts what is not an address under one name', () => {
    expect(rateLimitClient(undefined)).toBe('unknown');
    expect(rateLimitClient('not an address')).toBe('unknown');
  });
});
