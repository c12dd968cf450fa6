import { sealingKeyWarning } from './sealing-key-check';

describe('the start-up warning about rows the master key cannot open', () => {
  it('says nothing when every row is under a key held, or there are none', () => {
    expect(sealingKeyWarning({ rows: 0, unheld: [] })).toBeNull();
    expect(sealingKeyWarning({ rows: 5, unheld: [] })).toBeNull();
  });

  it('asks whether MASTER_KEY is the right one when no row is under a key held', () => {
    expect(sealingKeyWarning({ rows: 3, unheld: [{ keyId: 'f862cff59322', rows: 3 }] })).toMatch(
      /^None of the 3 stored secrets is sealed under a key this process holds \(they are under f862cff59322\): is MASTER_KEY the key/,
    );
  });

  it('names MASTER_KEY_PREVIOUS when only some rows are under keys not held', () => {
    expect(sealingKeyWarning({ rows: 10, unheld: [{ keyId: 'a1', rows: 2 }, { keyId: 'b2', rows: 1 }] })).toBe(
      '3 of 10 stored secrets are sealed under keys this process does not hold (a1, b2): add their key to MASTER_KEY_PREVIOUS, or they cannot be opened',
    );
  });
});
