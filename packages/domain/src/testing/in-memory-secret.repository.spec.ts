import { InMemorySecretRepository } from './in-memory-secret.repository';
import { secretRepositoryContract } from './secret-repository.contract';

describe('InMemorySecretRepository holds to the SecretRepository contract', () => {
  it.each(secretRepositoryContract.map((c) => [c.name, c] as const))('%s', (_name, contractCase) => contractCase.run(new InMemorySecretRepository()));
});
