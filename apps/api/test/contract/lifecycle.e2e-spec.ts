import { basic, useTestApp } from '../support/test-app';
import { expectNotAuthorized, expectUnknownSecret, JSON_UTF8 } from '../support/v1';

const METADATA_KEYS_LIVE = ['custid', 'metadata_key', 'secret_key', 'ttl', 'metadata_ttl', 'secret_ttl', 'state', 'updated', 'created', 'recipient', 'share_domain'];

describe('life of a secret over HTTP (spec §3–§5)', () => {
  const t = useTestApp();
  let auth: string;

  beforeEach(async () => {
    auth = basic('alice@example.com', await t.createAccount('alice@example.com'));
  });

  it('GET /status answers nominal, anonymously', async () => {
    const res = await t.http().get('/api/v1/status').expect(200);
    expect(res.headers['content-type']).toBe(JSON_UTF8);
    expect(res.text).toBe('{"status":"nominal","locale":"en"}');
  });

  it('GET /authcheck answers nominal for an account', async () => {
    const res = await t.http().get('/api/v1/authcheck').set('Authorization', auth).expect(200);
    expect(res.body).toEqual({ status: 'nominal', locale: 'en' });
  });

  it('POST /share returns the metadata object in contract order, with integer types', async () => {
    const res = await t.share({ secret: 'hunter2', ttl: '3600' }, auth).expect(200);
    expect(Object.keys(res.body)).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    expect(res.body).toEqual({
      custid: 'alice@example.com',
      metadata_key: expect.stringMatching(/^[0-9a-z]{31}$/),
      secret_key: expect.stringMatching(/^[0-9a-z]{31}$/),
      ttl: 3600,
      metadata_ttl: 7200,
      secret_ttl: 3600,
      state: 'new',
      updated: now,
      created: now,
      recipient: [],
      share_domain: '',
      passphrase_required: false,
    });
    expect(res.body.metadata_key).not.toBe(res.body.secret_key);
  });

  it('POST /generate returns metadata, the generated value, then passphrase_required', async () => {
    const res = await t.http().post('/api/v1/generate').set('Authorization', auth).type('form').send({ passphrase: 'pw' }).expect(200);
    expect(Object.keys(res.body)).toEqual([...METADATA_KEYS_LIVE, 'value', 'passphrase_required']);
    expect(res.body.value).toHaveLength(12);
    expect(res.body.passphrase_required).toBe(true);
    const revealed = await t.reveal(res.body.secret_key, { passphrase: 'pw' }).expect(200);
    expect(revealed.body.value).toBe(res.body.value);
  });

  it('walks share → metadata (still new) → reveal (received) → burn refused', async () => {
    const { body: shared } = await t.share({ secret: 'the value', ttl: '600' }, auth).expect(200);
    t.clock.advanceSeconds(10);

    const read = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(read.body).toMatchObject({ state: 'new', secret_key: shared.secret_key, secret_ttl: 590, metadata_ttl: 1190, passphrase_required: false });
    expect(read.body.updated).toBe(shared.updated);
    expect(Object.keys(read.body)).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);

    const revealed = await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200);
    expect(Object.keys(revealed.body)).toEqual(['value', 'secret_key', 'share_domain']);
    expect(revealed.body).toEqual({ value: 'the value', secret_key: shared.secret_key, share_domain: '' });

    t.clock.advanceSeconds(5);
    const received = await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(Object.keys(received.body)).toEqual(['custid', 'metadata_key', 'ttl', 'metadata_ttl', 'state', 'updated', 'created', 'received', 'recipient', 'share_domain', 'passphrase_required']);
    expect(received.body).toMatchObject({ state: 'received', received: shared.created + 10, metadata_ttl: 1185, passphrase_required: false });

    expectUnknownSecret(await t.http().post(`/api/v1/secret/${shared.secret_key}`), shared.secret_key);
    expectUnknownSecret(await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', auth), shared.metadata_key);
  });

  it('POST /private/:key/burn destroys the secret without its passphrase', async () => {
    const { body: shared } = await t.share({ secret: 'v', passphrase: 'pw' }, auth).expect(200);
    const res = await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', auth).expect(200);
    expect(Object.keys(res.body)).toEqual(['state', 'secret_shortkey']);
    expect(res.body.secret_shortkey).toBe(shared.secret_key.slice(0, 6));
    expect(Object.keys(res.body.state)).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);
    expect(res.body.state).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null, passphrase_required: true });
    await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(404);
    const after = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(after.body).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null, passphrase_required: true });
  });

  it.each(['private', 'receipt', 'metadata'])('/%s/... serves every form of the receipt routes (spec §3 aliases)', async (prefix) => {
    const { body: shared } = await t.share({ secret: 'v', passphrase: 'p' }, auth).expect(200);
    for (const method of ['get', 'post'] as const) {
      const res = await t.http()[method](`/api/v1/${prefix}/${shared.metadata_key}`).set('Authorization', auth).expect(200);
      expect(res.body).toMatchObject({ metadata_key: shared.metadata_key, secret_key: shared.secret_key, state: 'new', passphrase_required: true });
      expectNotAuthorized(await t.http()[method](`/api/v1/${prefix}/${shared.metadata_key}`));
    }
    const recent = await t.http().get(`/api/v1/${prefix}/recent`).set('Authorization', auth).expect(200);
    expect(recent.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([shared.metadata_key]);
    const burned = await t.http().post(`/api/v1/${prefix}/${shared.metadata_key}/burn`).set('Authorization', auth).expect(200);
    expect(burned.body.state).toMatchObject({ state: 'burned', passphrase_required: true });
  });

  it('POST /create is an alias of /share', async () => {
    const res = await t.http().post('/api/v1/create').set('Authorization', auth).type('form').send({ secret: 'via create', ttl: '600' }).expect(200);
    expect(Object.keys(res.body)).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);
    expect(res.body).toMatchObject({ custid: 'alice@example.com', ttl: 600, state: 'new', passphrase_required: false });
    expect((await t.reveal(res.body.secret_key).expect(200)).body.value).toBe('via create');
  });

  it('no GET or HEAD changes a secret: it stays new until revealed, burned or expired', async () => {
    const { body: shared } = await t.share({ secret: 'v' }, auth).expect(200);
    t.clock.advanceSeconds(5);
    for (const prefix of ['private', 'receipt', 'metadata']) {
      await t.http().head(`/api/v1/${prefix}/${shared.metadata_key}`).set('Authorization', auth).expect(200);
      await t.http().get(`/api/v1/${prefix}/${shared.metadata_key}`).set('Authorization', auth).expect(200);
      await t.http().head(`/api/v1/secret/${shared.secret_key}`).expect(404);
      await t.http().get(`/api/v1/secret/${shared.secret_key}`).expect(404);
    }
    const after = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(after.body).toMatchObject({ state: 'new', updated: shared.updated, secret_key: shared.secret_key });
    const [row] = (await t.db.dataSource.query('SELECT state, version, updated_at FROM hush_secret')) as { state: string; version: number }[];
    expect(row).toMatchObject({ state: 'new', version: 0 });
    expect((await t.reveal(shared.secret_key).expect(200)).body.value).toBe('v');
  });

  it('passphrase_required tells how the secret was created, in every state and in recent', async () => {
    const withPassphrase = (await t.share({ secret: 'a', passphrase: 'p', ttl: '60' }, auth).expect(200)).body;
    t.clock.advanceSeconds(1);
    const without = (await t.share({ secret: 'b', ttl: '600' }, auth).expect(200)).body;
    t.clock.advanceSeconds(1);
    const burnedOne = (await t.share({ secret: 'c', passphrase: 'p' }, auth).expect(200)).body;
    const receipt = async (key: string) => (await t.http().post(`/api/v1/private/${key}`).set('Authorization', auth).expect(200)).body;
    expect([(await receipt(withPassphrase.metadata_key)).passphrase_required, (await receipt(without.metadata_key)).passphrase_required]).toEqual([true, false]);
    await t.reveal(withPassphrase.secret_key, { passphrase: 'p' }).expect(200);
    await t.http().post(`/api/v1/private/${burnedOne.metadata_key}/burn`).set('Authorization', auth).expect(200);
    expect(await receipt(withPassphrase.metadata_key)).toMatchObject({ state: 'received', passphrase_required: true });
    expect(await receipt(burnedOne.metadata_key)).toMatchObject({ state: 'burned', passphrase_required: true });
    t.clock.advanceSeconds(60);
    const expiring = (await t.share({ secret: 'd', passphrase: 'p', ttl: '60' }, auth).expect(200)).body;
    t.clock.advanceSeconds(60);
    expect(await receipt(expiring.metadata_key)).toMatchObject({ state: 'expired', passphrase_required: true });
    const recent = (await t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200)).body as Record<string, unknown>[];
    expect(recent.map((m) => [m.state, m.passphrase_required])).toEqual([['expired', true], ['burned', true], ['new', false]]);
  });

  it('GET /private/recent lists the caller\'s receipts newest first, secret_key null, passphrase_required last', async () => {
    const first = (await t.share({ secret: 'a', passphrase: 'p' }, auth).expect(200)).body;
    t.clock.advanceSeconds(1);
    const second = (await t.share({ secret: 'b' }, auth).expect(200)).body;
    await t.http().post(`/api/v1/secret/${second.secret_key}`).expect(200);
    await t.share({ secret: 'other' }, basic('bob@example.com', await t.createAccount('bob@example.com'))).expect(200);
    await t.share({ secret: 'anon' }).expect(200);

    const res = await t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200);
    expect(res.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([second.metadata_key, first.metadata_key]);
    expect(res.body.map((m: Record<string, unknown>) => [m.secret_key, m.passphrase_required])).toEqual([[null, false], [null, true]]);
    expect(Object.keys(res.body[0])).toEqual(['custid', 'metadata_key', 'secret_key', 'ttl', 'metadata_ttl', 'state', 'updated', 'created', 'received', 'recipient', 'share_domain', 'passphrase_required']);
    expect(Object.keys(res.body[1])).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);
  });

  it('expires the secret at its ttl and the metadata at twice that, whether or not the purge ran', async () => {
    const { body: shared } = await t.share({ secret: 'v', ttl: '60' }, auth).expect(200);
    t.clock.advanceSeconds(60);
    await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(404);
    const expired = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(expired.body).toMatchObject({ state: 'expired', secret_key: '', secret_ttl: null, metadata_ttl: 60 });
    await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', auth).expect(404);
    t.clock.advanceSeconds(60);
    expectUnknownSecret(await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth), shared.metadata_key);
    expect((await t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200)).body).toEqual([]);
  });

  it('never counts a missing or empty passphrase: N + 2 of them leave the secret new and revealable', async () => {
    const { body: shared } = await t.share({ secret: 'scanned', passphrase: 'right' }, auth).expect(200);
    const attempts = [undefined, '', undefined, '', undefined, '', undefined];
    for (const passphrase of attempts) {
      expectUnknownSecret(await t.reveal(shared.secret_key, passphrase === undefined ? {} : { passphrase }), shared.secret_key);
    }
    expect(await t.db.dataSource.query('SELECT state, failed_attempts, version FROM hush_secret')).toEqual([{ state: 'new', failed_attempts: 0, version: 0 }]);
    expect((await t.reveal(shared.secret_key, { passphrase: 'right' }).expect(200)).body.value).toBe('scanned');
  });

  it('burns a passphrase-protected secret after 5 wrong guesses, each answered like an unknown key', async () => {
    const { body: shared } = await t.share({ secret: 'v', passphrase: 'right' }, auth).expect(200);
    for (let i = 0; i < 5; i++) {
      expectUnknownSecret(await t.reveal(shared.secret_key, { passphrase: `wrong${i}` }), shared.secret_key);
    }
    await t.reveal(shared.secret_key, { passphrase: 'right' }).expect(404);
    const meta = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(meta.body.state).toBe('burned');
  });

  it('keeps the secret after a wrong or missing passphrase, and reveals it with the right one', async () => {
    const { body: shared } = await t.share({ secret: 'v', passphrase: 'right' }, auth).expect(200);
    await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(404);
    await t.reveal(shared.secret_key, { passphrase: 'wrong' }).expect(404);
    const res = await t.reveal(shared.secret_key, { passphrase: 'right' }).expect(200);
    expect(res.body.value).toBe('v');
  });

  it('reveals exactly once among 50 concurrent requests', async () => {
    const { body: shared } = await t.share({ secret: 'race' }, auth).expect(200);
    const results = await Promise.all(Array.from({ length: 50 }, () => t.http().post(`/api/v1/secret/${shared.secret_key}`)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 404 && r.body.message === 'Unknown secret')).toHaveLength(49);
  });
});
