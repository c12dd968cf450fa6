import { identityRepositoryContract } from './identity-repository.contract';
import { InMemoryIdentityRepository } from './in-memory-identity.repository';
import { InMemorySessionStore } from './in-memory-session.store';
import { sessionStoreContract } from './session-store.contract';

describe('InMemorySessionStore holds to the SessionStore contract', () => {
  it.each(sessionStoreContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(new InMemorySessionStore()));
});

describe('InMemoryIdentityRepository holds to the IdentityRepository contract', () => {
  it.each(identityRepositoryContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(new InMemoryIdentityRepository()));
});
