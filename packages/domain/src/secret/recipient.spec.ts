import { UndeliverableRecipientError } from '../errors';
import { obscureRecipient } from './recipient';

describe('obscureRecipient', () => {
  it('keeps two characters of the local part, one of the domain, and the top-level domain', () => {
    expect(obscureRecipient('delano@example.com')).toBe('de*****@e*****.com');
    expect(obscureRecipient('a@mail.example.co.uk')).toBe('a*****@m*****.uk');
  });

  it.each(['not-an-email', 'a@b', '@example.com', 'a b@example.com', 'x@example.c', 'a\u0000b@example.com', 'ab@exa\u0007mple.com'])('rejects %p', (address) => {
    expect(() => obscureRecipient(address)).toThrow(UndeliverableRecipientError);
    expect(() => obscureRecipient(address)).toThrow(new UndeliverableRecipientError(address));
    expect(() => obscureRecipient(address)).toThrow(expect.objectContaining({ address }));
  });
});
