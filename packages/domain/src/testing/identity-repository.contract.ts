import { Identity } from '../account/identity';
import { IdentityRepository } from '../ports';
import { check, checkEqual } from './contract-checks';

/**
 * The IdentityRepository contract as runnable cases, free of any test framework: every adapter runs each
 * case against a fresh, empty store, e.g. `for (const c of identityRepositoryContract) it(c.name, () => c.run(repository))`.
 */
export interface IdentityRepositoryContractCase {
  readonly name: string;
  run(repository: IdentityRepository): Promise<void>;
}

const T0 = new Date('2026-06-01T12:00:00.123Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const ISSUER = 'https://id.example.com/realms/staff';
const OTHER_ISSUER = 'https://login.example.net/tenant/v2.0';

const identity = (subject: string, custid: string, options: { issuer?: string; createdAt?: Date } = {}): Identity =>
  ({ issuer: options.issuer ?? ISSUER, subject, custid, createdAt: options.createdAt ?? T0 });

export const identityRepositoryContract: readonly IdentityRepositoryContractCase[] = [
  {
    name: 'deleteByAccount unlinks every identity of that account and no other; the identity may then be linked anew',
    async run(repository) {
      await repository.link(identity('s1', 'alice@example.com'));
      await repository.link(identity('s1', 'alice@example.com', { issuer: OTHER_ISSUER, createdAt: at(1) }));
      const bob = identity('s2', 'bob@example.com');
      await repository.link(bob);
      checkEqual(await repository.deleteByAccount('alice@example.com'), 2, 'how many were unlinked');
      checkEqual(await repository.listByAccount('alice@example.com'), [], 'the deleted account\'s identities');
      checkEqual(await repository.find(ISSUER, 's2'), bob, 'another account\'s identity');
      checkEqual(await repository.deleteByAccount('alice@example.com'), 0, 'a second delete');
      const relinked = identity('s1', 'alice2@example.com', { createdAt: at(9) });
      checkEqual(await repository.link(relinked), relinked, 'the freed identity linked to a new account');
    },
  },
  {
    name: 'link, then find returns every field as stored; an unknown identity finds nothing',
    async run(repository) {
      const alice = identity('248289761001', 'alice@example.com');
      checkEqual(await repository.link(alice), alice, 'what link returns');
      checkEqual(await repository.find(ISSUER, '248289761001'), alice, 'the identity read back');
      checkEqual(await repository.find(ISSUER, '248289761002'), null, 'another subject');
      checkEqual(await repository.find(OTHER_ISSUER, '248289761001'), null, 'the same subject at another issuer');
    },
  },
  {
    name: 'issuer and subject match exactly: case counts',
    async run(repository) {
      await repository.link(identity('AbC', 'alice@example.com'));
      checkEqual(await repository.find(ISSUER, 'abc'), null, 'the subject in other case');
      checkEqual(await repository.find(ISSUER.toUpperCase(), 'AbC'), null, 'the issuer in other case');
    },
  },
  {
    name: 'a linked identity is never moved: linking it to another account returns the first link',
    async run(repository) {
      const first = identity('s1', 'alice@example.com');
      await repository.link(first);
      checkEqual(await repository.link(identity('s1', 'mallory@example.com', { createdAt: at(5) })), first, 'linking it again');
      checkEqual(await repository.find(ISSUER, 's1'), first, 'the stored link');
      checkEqual(await repository.listByAccount('mallory@example.com'), [], 'the other account\'s identities');
    },
  },
  {
    name: 'an account has at most one identity per issuer; another issuer\'s may be added',
    async run(repository) {
      const first = identity('s1', 'alice@example.com');
      await repository.link(first);
      checkEqual(await repository.link(identity('s2', 'alice@example.com', { createdAt: at(1) })), null, 'a second identity of the same issuer');
      checkEqual(await repository.find(ISSUER, 's2'), null, 'the refused identity');
      const elsewhere = identity('s2', 'alice@example.com', { issuer: OTHER_ISSUER, createdAt: at(2) });
      checkEqual(await repository.link(elsewhere), elsewhere, 'an identity of another issuer');
      checkEqual(await repository.listByAccount('alice@example.com'), [first, elsewhere], 'the account\'s identities, oldest first');
    },
  },
  {
    name: 'of concurrent links of one identity, one wins and every call returns it',
    async run(repository) {
      const tries = Array.from({ length: 8 }, (_, i) => identity('racing', `racer${i % 2}@example.com`, { createdAt: at(i) }));
      const results = await Promise.all(tries.map((attempt) => repository.link(attempt)));
      const stored = await repository.find(ISSUER, 'racing');
      check(stored !== null, 'one link is stored');
      checkEqual(results, results.map(() => stored), 'every call returns the stored link');
      const linked = [...(await repository.listByAccount('racer0@example.com')), ...(await repository.listByAccount('racer1@example.com'))];
      checkEqual(linked, [stored], 'the racers\' identities');
    },
  },
];
