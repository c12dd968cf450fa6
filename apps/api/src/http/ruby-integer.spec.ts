import { readInteger } from './ruby-integer';

describe('readInteger (Ruby to_i, as the reference service reads ttl and length)', () => {
  it.each([
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['3600', 3600],
    ['3600.9', 3600],
    [3600.9, 3600],
    [' 42abc', 42],
    ['+7', 7],
    ['-5', -5],
    ['1e3', 1],
    ['abc', 0],
    ['garbage', 0],
    [Number.NaN, 0],
    [true, 0],
    [['3600'], 0],
    ['99999999999999999999', 1e20],
  ])('reads %p as %p', (raw, expected) => {
    expect(readInteger(raw)).toBe(expected);
  });
});
