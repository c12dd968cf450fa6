import { RotateAccountToken, SetAccountEnabled } from '@hush/domain';
import type { Test } from 'supertest';
import { basic, useTestApp, type Receipt, type TestApp } from '../support/test-app';
import { expectNotAuthorized, expectUnknownSecret } from '../support/v1';

const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const DORA = 'dora@example.com';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

interface StoredRow {
  owner: string | null;
  state: string;
  version: number;
  failed_attempts: number;
  has_value: boolean;
}

/** The whole hush_secret table, as far as a request could change it. */
async function storedSecrets(t: TestApp): Promise<StoredRow[]> {
  return t.db.dataSource.query(
    'SELECT owner, state, version, failed_attempts, value_sealed IS NOT NULL AS has_value FROM hush_secret ORDER BY created_at, owner',
  );
}

describe('authentication (spec §2)', () => {
  // The account cache is off here so that changes take effect at once; account-cache.e2e-spec.ts tests its bound.
  const t = useTestApp({ ACCOUNT_CACHE_SECONDS: '0' });
  let aliceToken: string;
  let bobToken: string;
  let doraToken: string;
  let alice: string;
  let bob: string;

  beforeEach(async () => {
    aliceToken = await t.createAccount(ALICE);
    bobToken = await t.createAccount(BOB);
    doraToken = await t.createAccount(DORA);
    await t.app.get(SetAccountEnabled).execute({ custid: DORA, enabled: false });
    alice = basic(ALICE, aliceToken);
    bob = basic(BOB, bobToken);
  });

  describe('anonymous callers (no Authorization header)', () => {
    it('may ask for the status', async () => {
      const res = await t.http().get('/api/v1/status').expect(200);
      expect(res.body).toEqual({ status: 'nominal', locale: 'en' });
    });

    it('may share; the receipt says custid "anon" and has no owner', async () => {
      const res = await t.share({ secret: 'anonymous value' }).expect(200);
      expect(res.body.custid).toBe('anon');
      expect(await storedSecrets(t)).toEqual([expect.objectContaining({ owner: null, state: 'new', has_value: true })]);
    });

    it('may generate; custid "anon"', async () => {
      const res = await t.http().post('/api/v1/generate').expect(200);
      expect(res.body.custid).toBe('anon');
      expect(typeof res.body.value).toBe('string');
    });

    it("may reveal a secret, anonymous or an account's", async () => {
      const own = await t.shareReceipt({ secret: 'from alice' }, alice);
      const anon = await t.shareReceipt({ secret: 'from nobody' });
      expect((await t.http().post(`/api/v1/secret/${own.secret_key}`).expect(200)).body.value).toBe('from alice');
      expect((await t.http().post(`/api/v1/secret/${anon.secret_key}`).expect(200)).body.value).toBe('from nobody');
    });

    it('are turned away from authcheck, metadata, burn and recent, and nothing changes', async () => {
      const shared = await t.shareReceipt({ secret: 'kept' }, alice);
      const before = await storedSecrets(t);
      expectNotAuthorized(await t.http().get('/api/v1/authcheck'));
      expectNotAuthorized(await t.http().get(`/api/v1/private/${shared.metadata_key}`));
      expectNotAuthorized(await t.http().post(`/api/v1/private/${shared.metadata_key}`));
      expectNotAuthorized(await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`));
      expectNotAuthorized(await t.http().get('/api/v1/private/recent'));
      expectNotAuthorized(await t.http().get(`/api/v1/metadata/${shared.metadata_key}`));
      expectNotAuthorized(await t.http().post(`/api/v1/metadata/${shared.metadata_key}/burn`));
      expectNotAuthorized(await t.http().get('/api/v1/metadata/recent'));
      // Even a key that does not exist gets "Not authorized", not "Unknown secret".
      expectNotAuthorized(await t.http().get(`/api/v1/private/${'0'.repeat(31)}`));
      expect(await storedSecrets(t)).toEqual(before);
      expect((await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200)).body.value).toBe('kept');
    });
  });

  describe('credentials that are sent must be valid, on every endpoint', () => {
    let fixture: Receipt;

    beforeEach(async () => {
      // A secret without a passphrase: a fallback to anonymous on reveal would consume it.
      fixture = await t.shareReceipt({ secret: 'must survive' }, alice);
    });

    const endpoints: ReadonlyArray<[string, (authorization: string) => Test]> = [
      ['GET /status', (a) => t.http().get('/api/v1/status').set('Authorization', a)],
      ['GET /authcheck', (a) => t.http().get('/api/v1/authcheck').set('Authorization', a)],
      ['POST /share', (a) => t.http().post('/api/v1/share').set('Authorization', a).type('form').send({ secret: 'must not be stored', ttl: '3600' })],
      ['POST /generate', (a) => t.http().post('/api/v1/generate').set('Authorization', a).type('form').send({ ttl: '3600' })],
      ['POST /secret/:key', (a) => t.http().post(`/api/v1/secret/${fixture.secret_key}`).set('Authorization', a)],
      ['GET /private/:key', (a) => t.http().get(`/api/v1/private/${fixture.metadata_key}`).set('Authorization', a)],
      ['POST /private/:key', (a) => t.http().post(`/api/v1/private/${fixture.metadata_key}`).set('Authorization', a)],
      ['POST /private/:key/burn', (a) => t.http().post(`/api/v1/private/${fixture.metadata_key}/burn`).set('Authorization', a)],
      ['GET /private/recent', (a) => t.http().get('/api/v1/private/recent').set('Authorization', a)],
    ];

    const badCredentials: ReadonlyArray<[string, () => string]> = [
      ['a header that is not base64 ("Basic !!!")', () => 'Basic !!!'],
      ['base64 without a colon', () => `Basic ${b64(ALICE)}`],
      ['an empty "Basic "', () => 'Basic '],
      ['an empty user name', () => `Basic ${b64(`:${aliceToken}`)}`],
      ['an empty token', () => `Basic ${b64(`${ALICE}:`)}`],
      ['the Bearer scheme with a valid token', () => `Bearer ${aliceToken}`],
      ['valid credentials followed by characters that are not base64', () => `${basic(ALICE, aliceToken)}!!!`],
      ['a scheme that only contains the word Basic', () => `NotBasic ${b64(`${ALICE}:${aliceToken}`)}`],
      ['an unknown user', () => basic('nobody@example.com', aliceToken)],
      ['a wrong token', () => basic(ALICE, 'x'.repeat(40))],
      ["another account's token", () => basic(ALICE, bobToken)],
      ['the right token with more after a colon', () => basic(ALICE, `${aliceToken}:extra`)],
      ['the right token with a suffix', () => basic(ALICE, `${aliceToken}x`)],
      ['a prefix of the right token', () => basic(ALICE, aliceToken.slice(0, -1))],
      ['"anon" as the user', () => basic('anon', aliceToken)],
      ['a disabled account', () => basic(DORA, doraToken)],
    ];

    describe.each(badCredentials)('%s', (_name, credentials) => {
      it.each(endpoints)('%s answers "Not authorized" and changes nothing', async (_endpoint, send) => {
        const before = await storedSecrets(t);
        expectNotAuthorized(await send(credentials()));
        expect(await storedSecrets(t)).toEqual(before);
      });
    });

    it('the secret those requests could not touch is still there for its recipient', async () => {
      expectNotAuthorized(await t.http().post(`/api/v1/secret/${fixture.secret_key}`).set('Authorization', 'Basic !!!'));
      expectNotAuthorized(await t.http().post(`/api/v1/private/${fixture.metadata_key}/burn`).set('Authorization', basic(DORA, doraToken)));
      const res = await t.http().post(`/api/v1/secret/${fixture.secret_key}`).expect(200);
      expect(res.body.value).toBe('must survive');
    });

    it('valid credentials work on every endpoint (the same requests, with the right header)', async () => {
      for (const [name, send] of endpoints) {
        fixture = await t.shareReceipt({ secret: 'fresh' }, alice);
        const res = await send(alice);
        if (res.status !== 200) throw new Error(`${name} answered ${res.status} ${res.text}`);
      }
    });

    it('a re-enabled account works again', async () => {
      await t.app.get(SetAccountEnabled).execute({ custid: DORA, enabled: true });
      await t.http().get('/api/v1/authcheck').set('Authorization', basic(DORA, doraToken)).expect(200);
    });

    it('the scheme name is case-insensitive', async () => {
      await t.http().get('/api/v1/authcheck').set('Authorization', `basic ${b64(`${ALICE}:${aliceToken}`)}`).expect(200);
    });
  });

  describe('ownership (decision: metadata belongs to its creator)', () => {
    it("another account reading someone's metadata gets exactly what an unknown key gets", async () => {
      const shared = await t.shareReceipt({ secret: 'alice only', passphrase: 'pw' }, alice);
      const unknownKey = 'z'.repeat(31);
      const unknownGet = await t.http().get(`/api/v1/private/${unknownKey}`).set('Authorization', bob);
      expectUnknownSecret(unknownGet, unknownKey);

      for (const res of [
        await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', bob),
        await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', bob),
        await t.http().get(`/api/v1/metadata/${shared.metadata_key}`).set('Authorization', bob),
      ]) {
        expectUnknownSecret(res, shared.metadata_key);
        expect(Object.keys(res.body)).toEqual(Object.keys(unknownGet.body));
      }

      // Untouched by bob's look: still new, still revealable.
      const recent = await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
      expect(recent.body).toEqual([expect.objectContaining({ metadata_key: shared.metadata_key, state: 'new' })]);
      const own = await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      expect(own.body).toMatchObject({ custid: ALICE, state: 'new', secret_key: shared.secret_key, passphrase_required: true });
      const revealed = await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(200);
      expect(revealed.body.value).toBe('alice only');
    });

    it("another account burning someone's secret gets 'Unknown secret' and the secret survives", async () => {
      const shared = await t.shareReceipt({ secret: 'do not burn' }, alice);
      const unknownKey = 'y'.repeat(31);
      expectUnknownSecret(await t.http().post(`/api/v1/private/${unknownKey}/burn`).set('Authorization', bob), unknownKey);
      expectUnknownSecret(await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', bob), shared.metadata_key);
      expectUnknownSecret(await t.http().post(`/api/v1/metadata/${shared.metadata_key}/burn`).set('Authorization', bob), shared.metadata_key);

      expect(await storedSecrets(t)).toEqual([expect.objectContaining({ owner: ALICE, state: 'new', has_value: true })]);
      const own = await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      expect(own.body.state).toBe('new');
      expect((await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200)).body.value).toBe('do not burn');
    });

    it("another account's recent list does not show someone else's receipts", async () => {
      const mine = await t.shareReceipt({ secret: 'a' }, alice);
      const theirs = await t.shareReceipt({ secret: 'b' }, bob);
      await t.shareReceipt({ secret: 'c' });
      const aliceRecent = await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200);
      expect(aliceRecent.body.map((m: Receipt) => m.metadata_key)).toEqual([mine.metadata_key]);
      const bobRecent = await t.http().get('/api/v1/private/recent').set('Authorization', bob).expect(200);
      expect(bobRecent.body.map((m: Receipt) => m.metadata_key)).toEqual([theirs.metadata_key]);
      expect(bobRecent.body.every((m: { custid: string }) => m.custid === BOB)).toBe(true);
      // A fresh account sees an empty list.
      const carol = basic('carol@example.com', await t.createAccount('carol@example.com'));
      expect((await t.http().get('/api/v1/private/recent').set('Authorization', carol).expect(200)).body).toEqual([]);
    });

    it('the metadata of an anonymously created secret cannot be read or burned by any account', async () => {
      const anon = await t.shareReceipt({ secret: 'nobody owns me' });
      for (const who of [alice, bob]) {
        expectUnknownSecret(await t.http().get(`/api/v1/private/${anon.metadata_key}`).set('Authorization', who), anon.metadata_key);
        expectUnknownSecret(await t.http().post(`/api/v1/private/${anon.metadata_key}`).set('Authorization', who), anon.metadata_key);
        expectUnknownSecret(await t.http().post(`/api/v1/private/${anon.metadata_key}/burn`).set('Authorization', who), anon.metadata_key);
      }
      expectNotAuthorized(await t.http().get(`/api/v1/private/${anon.metadata_key}`));
      expect(await storedSecrets(t)).toEqual([expect.objectContaining({ owner: null, state: 'new', has_value: true })]);
      expect((await t.http().post(`/api/v1/secret/${anon.secret_key}`).expect(200)).body.value).toBe('nobody owns me');
    });
  });

  describe('token rotation', () => {
    it('makes the old token fail at once and the new one work, for old and new receipts', async () => {
      const before = await t.shareReceipt({ secret: 'made with the old token' }, alice);
      const { token: newToken } = await t.app.get(RotateAccountToken).execute({ custid: ALICE });
      expect(newToken).not.toBe(aliceToken);
      const fresh = basic(ALICE, newToken);

      expectNotAuthorized(await t.http().get('/api/v1/authcheck').set('Authorization', alice));
      expectNotAuthorized(await t.share({ secret: 'x' }, alice));
      expectNotAuthorized(await t.http().get(`/api/v1/private/${before.metadata_key}`).set('Authorization', alice));
      expectNotAuthorized(await t.http().get('/api/v1/private/recent').set('Authorization', alice));
      expect(await storedSecrets(t)).toHaveLength(1);

      await t.http().get('/api/v1/authcheck').set('Authorization', fresh).expect(200);
      const after = await t.share({ secret: 'y' }, fresh).expect(200);
      expect(after.body.custid).toBe(ALICE);
      const meta = await t.http().get(`/api/v1/private/${before.metadata_key}`).set('Authorization', fresh).expect(200);
      expect(meta.body).toMatchObject({ custid: ALICE, state: 'new' });
      const recent = await t.http().get('/api/v1/private/recent').set('Authorization', fresh).expect(200);
      expect(recent.body).toHaveLength(2);
    });

    it('stores tokens only as a hash', async () => {
      const rows: { custid: string; token_hash: string }[] = await t.db.dataSource.query('SELECT custid, token_hash FROM hush_account');
      const dump = JSON.stringify(rows);
      for (const token of [aliceToken, bobToken, doraToken]) expect(dump).not.toContain(token);
    });
  });
});

describe('metadata key as bearer (API_V1_METADATA_BEARER=true)', () => {
  const t = useTestApp({ API_V1_METADATA_BEARER: 'true' });
  let aliceToken: string;
  let alice: string;

  beforeEach(async () => {
    aliceToken = await t.createAccount(ALICE);
    alice = basic(ALICE, aliceToken);
  });

  it("reads an account's metadata with the key alone", async () => {
    const shared = await t.shareReceipt({ secret: 'v' }, alice);
    const res = await t.http().get(`/api/v1/private/${shared.metadata_key}`).expect(200);
    expect(res.body).toMatchObject({ custid: ALICE, metadata_key: shared.metadata_key, secret_key: shared.secret_key, state: 'new' });
    const post = await t.http().post(`/api/v1/private/${shared.metadata_key}`).expect(200);
    expect(post.body.state).toBe('new');
  });

  it("burns an account's secret with the key alone", async () => {
    const shared = await t.shareReceipt({ secret: 'v', passphrase: 'pw' }, alice);
    const res = await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).expect(200);
    expect(res.body.state).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null });
    expect(res.body.secret_shortkey).toBe(shared.secret_key.slice(0, 6));
    await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(404);
  });

  it('reads and burns the metadata of an anonymous secret with the key alone', async () => {
    const anon = await t.shareReceipt({ secret: 'anon' });
    const meta = await t.http().get(`/api/v1/private/${anon.metadata_key}`).expect(200);
    expect(meta.body).toMatchObject({ custid: 'anon', state: 'new', secret_key: anon.secret_key });
    const burned = await t.http().post(`/api/v1/private/${anon.metadata_key}/burn`).expect(200);
    expect(burned.body.state).toMatchObject({ custid: 'anon', state: 'burned' });
    await t.http().post(`/api/v1/secret/${anon.secret_key}`).expect(404);
  });

  it('an unknown key is still "Unknown secret"', async () => {
    const key = 'q'.repeat(31);
    expectUnknownSecret(await t.http().get(`/api/v1/private/${key}`), key);
    expectUnknownSecret(await t.http().post(`/api/v1/private/${key}/burn`), key);
  });

  it('still rejects invalid credentials, and still requires an account for authcheck and recent', async () => {
    const shared = await t.shareReceipt({ secret: 'v' }, alice);
    const before = await storedSecrets(t);
    for (const bad of ['Basic !!!', `Bearer ${shared.metadata_key}`, basic(ALICE, 'wrong-token'), basic('nobody@example.com', aliceToken)]) {
      expectNotAuthorized(await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', bad));
      expectNotAuthorized(await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', bad));
    }
    expect(await storedSecrets(t)).toEqual(before);
    expectNotAuthorized(await t.http().get('/api/v1/authcheck'));
    expectNotAuthorized(await t.http().get('/api/v1/private/recent'));
    await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200);
  });
});
