import { SecretRepository } from '../ports';
import { EncryptionAtRest } from '../secret/encryption-at-rest';
import { sealedValue, Secret, SecretKeys, SecretProps } from '../secret/secret';
import { ChangeRecord, NO_ORIGIN, SecretEventType } from '../secret/secret-event';
import { check, checkEqual, ContractViolation } from './contract-checks';
import { FakeCipher } from './fake-crypto';

/**
 * The SecretRepository contract as runnable cases, free of any test framework: every storage adapter
 * runs each case against a fresh, empty store, e.g.
 * `for (const c of secretRepositoryContract) it(c.name, () => c.run(repository))`.
 */
export interface ContractCase {
  readonly name: string;
  run(repository: SecretRepository): Promise<void>;
}


const T0 = new Date('2026-06-01T12:00:00.123Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const atRest = new EncryptionAtRest(new FakeCipher('k1'));
const CHANGE: ChangeRecord = { events: [SecretEventType.Created], actor: 'anon', origin: NO_ORIGIN };
let counter = 0;

function found(secret: Secret | null, what: string): Secret {
  if (!secret) throw new ContractViolation(`${what}: not found`);
  return secret;
}

interface Made {
  readonly secret: Secret;
  readonly keys: SecretKeys;
}

function make(options: { owner?: string | null; ttl?: number; passphraseHash?: string | null; now?: Date; recipients?: string[] } = {}): Made {
  counter += 1;
  const unique = `${counter.toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const keys = { secretKey: `contract-s-${unique}`, metadataKey: `contract-m-${unique}` };
  const secret = Secret.create(
    {
      ...atRest.seal(keys, `value ${unique}`),
      owner: options.owner === undefined ? 'owner@example.com' : options.owner,
      passphraseHash: options.passphraseHash ?? null,
      ttl: options.ttl ?? 3600,
      recipients: options.recipients ?? [],
    },
    options.now ?? T0,
  );
  return { secret, keys };
}

async function stored(repository: SecretRepository, options: Parameters<typeof make>[0] = {}): Promise<Made & { read: Secret }> {
  const made = make(options);
  await repository.add(made.secret, made.keys, CHANGE);
  return { ...made, read: found(await repository.findBySecretKey(made.keys.secretKey), 'the secret just added') };
}

const withoutId = (props: SecretProps) => ({ ...props, id: null });

export const secretRepositoryContract: readonly ContractCase[] = [
  {
    name: 'add, then findBySecretKey returns every field as stored (to the millisecond), the value read, and an id',
    async run(repository) {
      const { secret, read } = await stored(repository, { passphraseHash: 'hash', recipients: ['bo*****@e*****.com'] });
      check(secret.createdWithPassphrase, 'a secret created with a passphrase says so');
      check(read.id !== null, 'a read secret has an id');
      checkEqual(withoutId(read.toProps()), secret.toProps(), 'the secret read by its secret key');
    },
  },
  {
    name: 'findByMetadataKey returns the same secret without reading the value',
    async run(repository) {
      const { secret, keys, read } = await stored(repository);
      const byMetadata = found(await repository.findByMetadataKey(keys.metadataKey), 'by metadata key');
      checkEqual(byMetadata.value, { kind: 'unread' }, 'the value read by metadata key');
      checkEqual(byMetadata.id, read.id, 'the id is the same whichever key reads it');
      checkEqual(withoutId({ ...byMetadata.toProps(), value: secret.value }), secret.toProps(), 'the other fields');
    },
  },
  {
    name: 'reads of unknown keys return null',
    async run(repository) {
      await stored(repository);
      checkEqual(await repository.findBySecretKey('contract-unknown'), null, 'unknown secret key');
      checkEqual(await repository.findByMetadataKey('contract-unknown'), null, 'unknown metadata key');
    },
  },
  {
    name: 'add rejects a second secret under a key already stored',
    async run(repository) {
      const { keys } = await stored(repository);
      const other = make();
      for (const duplicate of [{ ...other.keys, secretKey: keys.secretKey }, { ...other.keys, metadataKey: keys.metadataKey }]) {
        const rejected = await repository.add(other.secret, duplicate, CHANGE).then(() => false, () => true);
        check(rejected, `adding a duplicate ${duplicate.secretKey === keys.secretKey ? 'secret' : 'metadata'} key is rejected`);
      }
    },
  },
  {
    name: 'commit applies only over the version that was read, and bumps it',
    async run(repository) {
      const { keys, read } = await stored(repository);
      check(await repository.commit(read.recordFailedAttempt(at(1)), CHANGE), 'the first commit over version 0 applies');
      check(!(await repository.commit(read.reveal(at(2)), CHANGE)), 'a second commit over version 0 does not');
      const fresh = found(await repository.findBySecretKey(keys.secretKey), 'after the commits');
      checkEqual([fresh.storedState, fresh.failedAttempts, fresh.version, fresh.hasValue], ['new', 1, 1, true], 'after one commit');
    },
  },
  {
    name: 'commit writes state, failed attempts and times, and removes value and passphrase hash when the value is absent',
    async run(repository) {
      const { keys, read } = await stored(repository, { passphraseHash: 'hash' });
      const counted = read.recordFailedAttempt(at(1));
      check(await repository.commit(counted, CHANGE), 'the failed attempt is committed');
      const afterAttempt = found(await repository.findBySecretKey(keys.secretKey), 'after a failed attempt');
      checkEqual([afterAttempt.failedAttempts, afterAttempt.updatedAt, afterAttempt.passphraseHash], [1, at(1), 'hash'], 'after a failed attempt');
      check(await repository.commit(afterAttempt.reveal(at(2)), CHANGE), 'the reveal is committed');
      const revealed = found(await repository.findBySecretKey(keys.secretKey), 'after the reveal');
      checkEqual(
        [revealed.storedState, revealed.value, revealed.passphraseHash, revealed.createdWithPassphrase, revealed.receivedAt, revealed.updatedAt, revealed.version],
        ['received', { kind: 'absent' }, null, true, at(2), at(2), 2],
        'after the reveal',
      );
      const byMetadata = found(await repository.findByMetadataKey(keys.metadataKey), 'by metadata key after the reveal');
      checkEqual(byMetadata.value, { kind: 'absent' }, 'an absent value read by metadata key');
    },
  },
  {
    name: 'commit writes nothing but what it states (sealed fields, owner and expiry stay as stored)',
    async run(repository) {
      const { secret, keys, read } = await stored(repository);
      const tampered = read.resealed({ secretKey: 'k9:x', metadataKey: 'k9:y' }, sealedValue('k9:z'), 'k9').recordFailedAttempt(at(1));
      check(await repository.commit(tampered, CHANGE), 'the commit applies');
      const after = found(await repository.findBySecretKey(keys.secretKey), 'after the commit');
      checkEqual([after.sealedKeys, after.keyId, after.value], [secret.sealedKeys, secret.keyId, secret.value], 'sealed fields after a commit');
    },
  },
  {
    name: 'commit of a secret that is not stored returns false',
    async run(repository) {
      check(!(await repository.commit(make().secret.recordFailedAttempt(at(1)), CHANGE)), 'a secret never added');
      const { read } = await stored(repository, { ttl: 60 });
      await repository.deleteExpired(at(121), 10);
      check(!(await repository.commit(read.recordFailedAttempt(at(1)), CHANGE)), 'a secret deleted since it was read');
    },
  },
  {
    name: 'of many concurrent commits over one version, exactly one applies',
    async run(repository) {
      const { keys, read } = await stored(repository);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => repository.commit(read.recordFailedAttempt(at(i + 1)), CHANGE)));
      checkEqual(results.filter(Boolean).length, 1, 'commits that applied');
      checkEqual(found(await repository.findBySecretKey(keys.secretKey), 'after the race').failedAttempts, 1, 'failed attempts counted');
    },
  },
  {
    name: 'claimUnprotected claims a revealable secret without a passphrase once, returning its sealed value, and writes what a reveal commit writes',
    async run(repository) {
      const { keys, read } = await stored(repository);
      const sealed = read.value.kind === 'sealed' ? read.value.sealed : '';
      checkEqual(await repository.claimUnprotected(keys.secretKey, at(5), ['k1'], CHANGE), sealed, 'the first claim');
      checkEqual(await repository.claimUnprotected(keys.secretKey, at(6), ['k1'], CHANGE), null, 'a second claim');
      const after = found(await repository.findBySecretKey(keys.secretKey), 'after the claim');
      checkEqual(
        [after.storedState, after.hasValue, after.receivedAt, after.updatedAt, after.version],
        ['received', false, at(5), at(5), 1],
        'the claimed row',
      );
    },
  },
  {
    name: 'claimUnprotected claims nothing that is unknown, protected, expired, or sealed under a key not held',
    async run(repository) {
      checkEqual(await repository.claimUnprotected('contract-s-never-stored', at(1), ['k1'], CHANGE), null, 'an unknown key');
      const protectedOne = await stored(repository, { passphraseHash: 'hash' });
      checkEqual(await repository.claimUnprotected(protectedOne.keys.secretKey, at(1), ['k1'], CHANGE), null, 'a secret with a passphrase');
      const expiring = await stored(repository, { ttl: 60 });
      checkEqual(await repository.claimUnprotected(expiring.keys.secretKey, at(60), ['k1'], CHANGE), null, 'a secret at its expiry');
      const plain = await stored(repository);
      checkEqual(await repository.claimUnprotected(plain.keys.secretKey, at(1), ['k2'], CHANGE), null, 'a secret under a key not held');
      for (const { keys } of [protectedOne, expiring, plain]) {
        const still = found(await repository.findBySecretKey(keys.secretKey), 'a secret not claimed');
        checkEqual([still.storedState, still.hasValue, still.version], ['new', true, 0], 'a secret not claimed is untouched');
      }
    },
  },
  {
    name: 'of many concurrent claims of one secret, exactly one returns the value',
    async run(repository) {
      const { keys } = await stored(repository);
      const results = await Promise.all(Array.from({ length: 20 }, () => repository.claimUnprotected(keys.secretKey, at(1), ['k1'], CHANGE)));
      checkEqual(results.filter((result) => result !== null).length, 1, 'claims that returned the value');
    },
  },
  {
    name: "listByOwner lists one owner's live receipts newest first, within the limit, values unread",
    async run(repository) {
      const first = await stored(repository, { owner: 'alice@example.com', ttl: 60 });
      const second = await stored(repository, { owner: 'alice@example.com', ttl: 600, now: at(1) });
      await stored(repository, { owner: 'bob@example.com' });
      await stored(repository, { owner: null });
      const listed = await repository.listByOwner('alice@example.com', at(2), 10);
      checkEqual(listed.map((s) => s.id), [second.read.id, first.read.id], 'newest first');
      checkEqual(listed.map((s) => s.value.kind), ['unread', 'unread'], 'values are not read');
      checkEqual(listed.map((s) => s.sealedKeys), [second.secret.sealedKeys, first.secret.sealedKeys], 'sealed keys are listed');
      checkEqual((await repository.listByOwner('alice@example.com', at(2), 1)).length, 1, 'the limit holds');
      checkEqual((await repository.listByOwner('alice@example.com', at(200), 10)).map((s) => s.id), [second.read.id], 'dead metadata is not listed');
    },
  },
  {
    name: 'listByOwner pages: an offset skips the newest, and consecutive pages neither repeat nor skip',
    async run(repository) {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.unshift((await stored(repository, { owner: 'alice@example.com', ttl: 600, now: at(i) })).read.id ?? '');
      await stored(repository, { owner: 'alice@example.com', ttl: 600, now: at(10) });
      await stored(repository, { owner: 'alice@example.com', ttl: 600, now: at(11) });
      checkEqual((await repository.listByOwner('alice@example.com', at(20), 2, 2)).map((s) => s.id), ids.slice(0, 2), 'the third and fourth newest');
      checkEqual((await repository.listByOwner('alice@example.com', at(20), 10, 6)).map((s) => s.id), ids.slice(4), 'the last page is short');
      checkEqual((await repository.listByOwner('alice@example.com', at(20), 10, 7)).length, 0, 'past the end: nothing');
      const paged: string[] = [];
      for (let offset = 0; offset < 7; offset += 3) paged.push(...(await repository.listByOwner('alice@example.com', at(20), 3, offset)).map((s) => s.id ?? ''));
      const all = (await repository.listByOwner('alice@example.com', at(20), 10)).map((s) => s.id ?? '');
      checkEqual(paged, all, 'pages of three read as the whole list');
      checkEqual(new Set(all).size, 7, 'every receipt once');
    },
  },
  {
    name: 'the purge deletes dead rows and drops expired values in bounded batches; countExpired counts dead rows',
    async run(repository) {
      for (let i = 0; i < 7; i++) await stored(repository, { ttl: 60 });
      const middle = await stored(repository, { ttl: 100, passphraseHash: 'hash' });
      const keep = await stored(repository, { ttl: 6000 });
      const now = at(150);
      checkEqual(await repository.countExpired(now), 7, 'dead rows counted');
      checkEqual(
        [await repository.deleteExpired(now, 5), await repository.deleteExpired(now, 5), await repository.deleteExpired(now, 5)],
        [5, 2, 0],
        'deleted per batch',
      );
      checkEqual([await repository.scrubExpiredValues(now, 5), await repository.scrubExpiredValues(now, 5)], [1, 0], 'scrubbed per batch');
      const scrubbed = found(await repository.findBySecretKey(middle.keys.secretKey), 'the scrubbed secret');
      checkEqual([scrubbed.value, scrubbed.passphraseHash], [{ kind: 'absent' }, null], 'a scrubbed secret');
      checkEqual(found(await repository.findBySecretKey(keep.keys.secretKey), 'the kept secret').value, keep.secret.value, 'a live value is kept');
    },
  },
  {
    name: 'countByState groups live metadata by stored state and secret expiry; oldestExpiry is the soonest metadata expiry',
    async run(repository) {
      checkEqual(await repository.oldestExpiry(), null, 'no rows, no expiry');
      await stored(repository, { ttl: 60 });
      const revealed = await stored(repository, { ttl: 600 });
      await repository.commit(revealed.read.reveal(at(1)), CHANGE);
      await stored(repository, { ttl: 600 });
      const counts = await repository.countByState(at(61));
      const summary = Object.fromEntries(counts.map((c) => [`${c.state}${c.secretExpired ? '/expired' : ''}`, c.count]));
      checkEqual(summary, { 'new/expired': 1, received: 1, new: 1 }, 'counts by state');
      checkEqual(await repository.oldestExpiry(), at(120), 'the oldest expiry');
    },
  },
  {
    name: 'countByKeyId counts the rows each key seals, whatever their state',
    async run(repository) {
      checkEqual([...(await repository.countByKeyId())], [], 'an empty store');
      const gone = await stored(repository);
      await stored(repository);
      await repository.commit(gone.read.reveal(at(1)), CHANGE);
      const underK2 = make();
      await repository.add(underK2.secret.resealed(underK2.secret.sealedKeys, underK2.secret.value, 'k2'), underK2.keys, CHANGE);
      const counts = await repository.countByKeyId();
      checkEqual([...counts].sort(), [[gone.read.keyId, 2], ['k2', 1]].sort(), 'rows per key id');
    },
  },
  {
    name: 'listSealedUnderOtherKeys finds secrets under other keys, values read; commitResealed writes only sealed fields, over the version',
    async run(repository) {
      const old = await stored(repository);
      const gone = await stored(repository);
      await repository.commit(gone.read.reveal(at(1)), CHANGE);
      const current = new EncryptionAtRest(new FakeCipher('k2', ['k1']));
      const underK2 = make();
      await repository.add(underK2.secret.resealed(underK2.secret.sealedKeys, underK2.secret.value, 'k2'), underK2.keys, CHANGE);
      const stale = await repository.listSealedUnderOtherKeys('k2', 10);
      checkEqual(stale.map((s) => s.id).sort(), [old.read.id, gone.read.id].sort(), 'secrets under other keys');
      checkEqual((await repository.listSealedUnderOtherKeys('k2', 1)).length, 1, 'the limit holds');
      const resealed = stale.map((s) => current.reseal(s));
      const counted = found(await repository.findBySecretKey(old.keys.secretKey), 'before the reseal').recordFailedAttempt(at(2));
      await repository.commit(counted, CHANGE);
      const applied = await Promise.all(resealed.map((s) => repository.commitResealed(s)));
      checkEqual(applied.filter(Boolean).length, 1, 'a secret changed since it was read is not resealed');
      const again = await repository.listSealedUnderOtherKeys('k2', 10);
      const redone = current.reseal(found(again[0] ?? null, 'the secret left under k1'));
      check(await repository.commitResealed(redone), 'the reseal over the new version applies');
      checkEqual(await repository.listSealedUnderOtherKeys('k2', 10), [], 'nothing is left under k1');
      const after = found(await repository.findBySecretKey(old.keys.secretKey), 'after the reseal');
      checkEqual([after.keyId, after.failedAttempts, current.openValue(after)], ['k2', 1, atRest.openValue(old.read)], 'after the reseal');
      checkEqual(after.sealedKeys, redone.sealedKeys, 'sealed keys after the reseal');
    },
  },
];
