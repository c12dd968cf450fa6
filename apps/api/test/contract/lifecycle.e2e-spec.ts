import { basic, useTestApp } from '../support/test-app';
import { expectUnknownSecret, JSON_UTF8 } from '../support/v1';

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

  it('walks share → metadata (viewed) → reveal (received) → burn refused', async () => {
    const { body: shared } = await t.share({ secret: 'the value', ttl: '600' }, auth).expect(200);
    t.clock.advanceSeconds(10);

    const viewed = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(viewed.body).toMatchObject({ state: 'viewed', secret_key: shared.secret_key, secret_ttl: 590, metadata_ttl: 1190, passphrase_required: false });
    expect(viewed.body.updated).toBe(shared.updated + 10);
    expect(Object.keys(viewed.body)).toEqual([...METADATA_KEYS_LIVE, 'passphrase_required']);

    const revealed = await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200);
    expect(Object.keys(revealed.body)).toEqual(['value', 'secret_key', 'share_domain']);
    expect(revealed.body).toEqual({ value: 'the value', secret_key: shared.secret_key, share_domain: '' });

    t.clock.advanceSeconds(5);
    const received = await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(Object.keys(received.body)).toEqual(['custid', 'metadata_key', 'ttl', 'metadata_ttl', 'state', 'updated', 'created', 'received', 'recipient', 'share_domain']);
    expect(received.body).toMatchObject({ state: 'received', received: shared.created + 10, metadata_ttl: 1185 });

    expectUnknownSecret(await t.http().post(`/api/v1/secret/${shared.secret_key}`), shared.secret_key);
    expectUnknownSecret(await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', auth), shared.metadata_key);
  });

  it('POST /private/:key/burn destroys the secret without its passphrase', async () => {
    const { body: shared } = await t.share({ secret: 'v', passphrase: 'pw' }, auth).expect(200);
    const res = await t.http().post(`/api/v1/private/${shared.metadata_key}/burn`).set('Authorization', auth).expect(200);
    expect(Object.keys(res.body)).toEqual(['state', 'secret_shortkey']);
    expect(res.body.secret_shortkey).toBe(shared.secret_key.slice(0, 6));
    expect(Object.keys(res.body.state)).toEqual(METADATA_KEYS_LIVE);
    expect(res.body.state).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null });
    await t.reveal(shared.secret_key, { passphrase: 'pw' }).expect(404);
    const after = await t.http().post(`/api/v1/private/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    expect(after.body).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null });
    expect(after.body).not.toHaveProperty('passphrase_required');
  });

  it('/metadata/... is an alias of /private/...', async () => {
    const { body: shared } = await t.share({ secret: 'v' }, auth).expect(200);
    await t.http().get(`/api/v1/metadata/${shared.metadata_key}`).set('Authorization', auth).expect(200);
    await t.http().get('/api/v1/metadata/recent').set('Authorization', auth).expect(200);
    await t.http().post(`/api/v1/metadata/${shared.metadata_key}/burn`).set('Authorization', auth).expect(200);
  });

  it('GET /private/recent lists the caller\'s receipts newest first, secret_key null, no passphrase_required', async () => {
    const first = (await t.share({ secret: 'a', passphrase: 'p' }, auth).expect(200)).body;
    t.clock.advanceSeconds(1);
    const second = (await t.share({ secret: 'b' }, auth).expect(200)).body;
    await t.http().post(`/api/v1/secret/${second.secret_key}`).expect(200);
    await t.share({ secret: 'other' }, basic('bob@example.com', await t.createAccount('bob@example.com'))).expect(200);
    await t.share({ secret: 'anon' }).expect(200);

    const res = await t.http().get('/api/v1/private/recent').set('Authorization', auth).expect(200);
    expect(res.body.map((m: { metadata_key: string }) => m.metadata_key)).toEqual([second.metadata_key, first.metadata_key]);
    expect(res.body.every((m: Record<string, unknown>) => m.secret_key === null && !('passphrase_required' in m))).toBe(true);
    expect(Object.keys(res.body[0])).toEqual(['custid', 'metadata_key', 'secret_key', 'ttl', 'metadata_ttl', 'state', 'updated', 'created', 'received', 'recipient', 'share_domain']);
    expect(Object.keys(res.body[1])).toEqual(METADATA_KEYS_LIVE);
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
