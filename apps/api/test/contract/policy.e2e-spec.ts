import { secretRows } from '../support/database';
import { basic, useTestApp } from '../support/test-app';
import { expectUnknownSecret, expectV1Error, INTENDED_STATUS } from '../support/v1';

const ALICE = 'alice@example.com';
const DAY = 86_400;

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghjkmnpqrstuvwxyz';
const DIGITS = '23456789';
const LOOK_ALIKES = ['i', 'l', 'o', '1', 'I', 'O', '0'];

describe('BurnPolicy and values over HTTP (spec §6, §7)', () => {
  const t = useTestApp();
  let alice: string;

  beforeEach(async () => {
    alice = basic(ALICE, await t.createAccount(ALICE));
  });

  describe('ttl is clamped, never rejected', () => {
    const anonymousCases: ReadonlyArray<[string, Record<string, string>, number]> = [
      ['absent -> the default', {}, 7 * DAY],
      ['empty -> the default', { ttl: '' }, 7 * DAY],
      ['within range', { ttl: '3600' }, 3600],
      ['above the anonymous maximum', { ttl: '9999999' }, 7 * DAY],
      ['just above the anonymous maximum', { ttl: String(7 * DAY + 1) }, 7 * DAY],
      ['the account maximum', { ttl: String(30 * DAY) }, 7 * DAY],
      ['below the minimum', { ttl: '10' }, 60],
      ['zero', { ttl: '0' }, 60],
      ['negative', { ttl: '-5' }, 60],
      ['garbage', { ttl: 'garbage' }, 60],
      ['a decimal, read as an integer', { ttl: '3600.9' }, 3600],
      ['exactly the minimum', { ttl: '60' }, 60],
      ['exactly the maximum', { ttl: String(7 * DAY) }, 7 * DAY],
      ['huge', { ttl: '99999999999999999999999' }, 7 * DAY],
    ];

    it.each(anonymousCases)('anonymous, %s', async (_name, fields, expected) => {
      const res = await t.share({ secret: 'v', ...fields }).expect(200);
      expect(res.body).toMatchObject({ custid: 'anon', ttl: expected, secret_ttl: expected, metadata_ttl: 2 * expected });
    });

    const accountCases: ReadonlyArray<[string, Record<string, string>, number]> = [
      ['absent -> the default', {}, 7 * DAY],
      ['above the anonymous maximum', { ttl: String(14 * DAY) }, 14 * DAY],
      ['exactly the account maximum', { ttl: String(30 * DAY) }, 30 * DAY],
      ['above the account maximum', { ttl: String(30 * DAY + 1) }, 30 * DAY],
      ['far above the account maximum', { ttl: '9999999' }, 30 * DAY],
      ['below the minimum', { ttl: '10' }, 60],
    ];

    it.each(accountCases)('account, %s', async (_name, fields, expected) => {
      const res = await t.share({ secret: 'v', ...fields }, alice).expect(200);
      expect(res.body).toMatchObject({ custid: ALICE, ttl: expected, secret_ttl: expected, metadata_ttl: 2 * expected });
    });

    it('reads ttl from the query string and from JSON numbers too', async () => {
      const fromQuery = await t.http().post('/api/v1/share?ttl=120').type('form').send({ secret: 'v' }).expect(200);
      expect(fromQuery.body.ttl).toBe(120);
      const fromJson = await t.http().post('/api/v1/share').send({ secret: 'v', ttl: 3600.9 }).expect(200);
      expect(fromJson.body.ttl).toBe(3600);
      const hugeJson = await t.http().post('/api/v1/share').send({ secret: 'v', ttl: 1e30 }).expect(200);
      expect(hugeJson.body.ttl).toBe(7 * DAY);
    });

    it('applies the same clamping to generate', async () => {
      expect((await t.generate({ ttl: '10' }).expect(200)).body.ttl).toBe(60);
      expect((await t.generate({ ttl: '9999999' }).expect(200)).body.ttl).toBe(7 * DAY);
      expect((await t.generate({ ttl: '9999999' }, alice).expect(200)).body.ttl).toBe(30 * DAY);
      expect((await t.generate().expect(200)).body.ttl).toBe(7 * DAY);
    });

    it('the clamped ttl is the one enforced: a secret clamped to 60 s is gone after 60 s', async () => {
      const { body } = await t.share({ secret: 'short', ttl: '1' }, alice).expect(200);
      t.clock.advanceSeconds(59);
      const meta = await t.http().get(`/api/v1/private/${body.metadata_key}`).set('Authorization', alice).expect(200);
      expect(meta.body).toMatchObject({ state: 'new', ttl: 60, secret_ttl: 1, metadata_ttl: 61 });
      t.clock.advanceSeconds(1);
      await t.http().post(`/api/v1/secret/${body.secret_key}`).expect(404);
    });

    it('a secret clamped to the anonymous maximum cannot be revealed after it', async () => {
      const { body } = await t.share({ secret: 'week', ttl: '9999999' }).expect(200);
      t.clock.advanceSeconds(7 * DAY);
      await t.http().post(`/api/v1/secret/${body.secret_key}`).expect(404);
    });
  });

  describe('what may be shared', () => {
    it('an empty secret is refused with intended 400, and nothing is stored', async () => {
      expectV1Error(await t.share({ secret: '' }), 400, 'You did not provide anything to share');
      expectV1Error(await t.share({ secret: '' }, alice), 400, 'You did not provide anything to share');
      expect(await secretRows(t)).toBe(0);
    });

    it('a missing secret parameter is refused the same way', async () => {
      expectV1Error(await t.share({ ttl: '3600' }), 400, 'You did not provide anything to share');
      expectV1Error(await t.http().post('/api/v1/share'), 400, 'You did not provide anything to share');
      expectV1Error(await t.http().post('/api/v1/share').send({}), 400, 'You did not provide anything to share');
      expect(await secretRows(t)).toBe(0);
    });

    it('a passphrase of 129 characters is refused with intended 400 and nothing is stored', async () => {
      for (const res of [
        await t.share({ secret: 'v', passphrase: 'p'.repeat(129) }),
        await t.share({ secret: 'v', passphrase: 'p'.repeat(1000) }, alice),
        await t.generate({ passphrase: 'p'.repeat(129) }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.headers[INTENDED_STATUS]).toBe('400');
        expect(Object.keys(res.body)).toEqual(['message']);
        expect(res.body.message).toMatch(/passphrase/i);
        expect(res.text).not.toContain('pppp');
      }
      expect(await secretRows(t)).toBe(0);
    });

    it('a passphrase of exactly 128 characters is accepted and works', async () => {
      const passphrase = 'p'.repeat(127) + 'q';
      const { body } = await t.share({ secret: 'guarded', passphrase }).expect(200);
      expect(body.passphrase_required).toBe(true);
      await t.reveal(body.secret_key, { passphrase: 'p'.repeat(128) }).expect(404);
      const res = await t.reveal(body.secret_key, { passphrase }).expect(200);
      expect(res.body.value).toBe('guarded');
    });

    it('counts passphrase length in characters, not bytes', async () => {
      const passphrase = '€'.repeat(128); // 384 bytes of UTF-8
      const { body } = await t.share({ secret: 'euro', passphrase }).expect(200);
      expect((await t.http().post(`/api/v1/secret/${body.secret_key}`).send({ passphrase }).expect(200)).body.value).toBe('euro');
      const tooLong = await t.share({ secret: 'euro', passphrase: '€'.repeat(129) });
      expect(tooLong.headers[INTENDED_STATUS]).toBe('400');
    });

    it('a recipient from an anonymous caller is refused: an account is required', async () => {
      expectV1Error(await t.share({ secret: 'v', recipient: 'bob@example.com' }), 400, 'An account is required to send emails.');
      expectV1Error(await t.generate({ recipient: 'bob@example.com' }), 400, 'An account is required to send emails.');
      expectV1Error(await t.http().post('/api/v1/share').send({ secret: 'v', recipient: ['bob@example.com'] }), 400, 'An account is required to send emails.');
      expect(await secretRows(t)).toBe(0);
    });

    it('an account sending to a bad address gets "Undeliverable email address: <addr>"', async () => {
      expectV1Error(await t.share({ secret: 'v', recipient: 'not-an-email' }, alice), 400, 'Undeliverable email address: not-an-email');
      expectV1Error(await t.generate({ recipient: 'bob@nowhere' }, alice), 400, 'Undeliverable email address: bob@nowhere');
      const mixed = await t.http().post('/api/v1/share').set('Authorization', alice).send({ secret: 'v', recipient: ['bob@example.com', 'two@@example.com'] });
      expectV1Error(mixed, 400, 'Undeliverable email address: two@@example.com');
      expect(await secretRows(t)).toBe(0);
    });

    it('an account sending to good addresses stores them obscured', async () => {
      const res = await t.http().post('/api/v1/share').set('Authorization', alice).send({ secret: 'v', recipient: ['delano@example.com'] }).expect(200);
      expect(res.body.recipient).toEqual(['de*****@e*****.com']);
      expect(await secretRows(t)).toBe(1);
    });
  });

  describe('generate (spec §7)', () => {
    const sets = { upper: UPPER, lower: LOWER, digit: DIGITS };

    function expectWellFormedPassword(value: string, length: number): void {
      expect(value).toHaveLength(length);
      for (const [name, alphabet] of Object.entries(sets)) {
        if (![...value].some((c) => alphabet.includes(c))) throw new Error(`no ${name} character in ${JSON.stringify(value)}`);
      }
      if (![...value].some((c) => !/[A-Za-z0-9]/.test(c))) throw new Error(`no symbol in ${JSON.stringify(value)}`);
      for (const c of LOOK_ALIKES) expect(value).not.toContain(c);
      expect(value).not.toMatch(/\s/);
    }

    it('makes 12 characters by default, with every set and no look-alikes', async () => {
      for (let i = 0; i < 20; i++) {
        const res = await t.generate().expect(200);
        expectWellFormedPassword(res.body.value, 12);
      }
    });

    it.each([
      ['20', 20],
      ['4', 4],
      ['128', 128],
      ['2', 4],
      ['0', 4],
      ['-7', 4],
      ['1000', 128],
      ['16.8', 16],
      ['garbage', 4],
      ['', 12],
    ])('length=%j gives %i characters', async (length, expected) => {
      const res = await t.generate({ length }).expect(200);
      expectWellFormedPassword(res.body.value, expected);
    });

    it('short passwords still hold one character of each set, every time', async () => {
      for (let i = 0; i < 25; i++) expectWellFormedPassword((await t.generate({ length: '4' }).expect(200)).body.value, 4);
    });

    it('does not repeat itself', async () => {
      const values = new Set<string>();
      for (let i = 0; i < 20; i++) values.add((await t.generate().expect(200)).body.value);
      expect(values.size).toBe(20);
    });

    it('the generated value can be revealed exactly once', async () => {
      const { body } = await t.generate({ length: '32' }).expect(200);
      const first = await t.http().post(`/api/v1/secret/${body.secret_key}`).expect(200);
      expect(first.body).toEqual({ value: body.value, secret_key: body.secret_key, share_domain: '' });
      const second = await t.http().post(`/api/v1/secret/${body.secret_key}`);
      expectUnknownSecret(second, body.secret_key);
    });
  });

  describe('keys (spec §7)', () => {
    it('are 31 lowercase base36 characters, and differ between and within shares', async () => {
      const keys = new Set<string>();
      for (let i = 0; i < 20; i++) {
        const { body } = await t.share({ secret: `v${i}` }, i % 2 === 0 ? alice : undefined).expect(200);
        expect(body.secret_key).toMatch(/^[0-9a-z]{31}$/);
        expect(body.metadata_key).toMatch(/^[0-9a-z]{31}$/);
        keys.add(body.secret_key);
        keys.add(body.metadata_key);
      }
      expect(keys.size).toBe(40);
    });

    it('generate keys follow the same format', async () => {
      const { body } = await t.generate().expect(200);
      expect(body.secret_key).toMatch(/^[0-9a-z]{31}$/);
      expect(body.metadata_key).toMatch(/^[0-9a-z]{31}$/);
      expect(body.secret_key).not.toBe(body.metadata_key);
    });

    it('are not stored in plaintext, nor are values or passphrases', async () => {
      const { body } = await t.share({ secret: 'plain value here', passphrase: 'plain passphrase here' }, alice).expect(200);
      const dump = JSON.stringify(await t.db.dataSource.query('SELECT * FROM hush_secret'));
      for (const needle of [body.secret_key, body.metadata_key, 'plain value here', 'plain passphrase here']) expect(dump).not.toContain(needle);
    });
  });

  describe('share_domain', () => {
    it('is "" by default in share, generate, metadata, burn, recent and reveal', async () => {
      const shared = (await t.share({ secret: 'v' }, alice).expect(200)).body;
      expect(shared.share_domain).toBe('');
      expect((await t.generate({}, alice).expect(200)).body.share_domain).toBe('');
      expect((await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200)).body.share_domain).toBe('');
      const recent = (await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200)).body as { share_domain: string }[];
      expect(recent.map((m) => m.share_domain)).toEqual(['', '']);
      expect((await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200)).body.share_domain).toBe('');
      const other = (await t.share({ secret: 'w' }, alice).expect(200)).body;
      expect((await t.http().post(`/api/v1/private/${other.metadata_key}/burn`).set('Authorization', alice).expect(200)).body.state.share_domain).toBe('');
    });
  });
});

describe('configured policy (environment variables)', () => {
  describe('TTL_DEFAULT, TTL_MIN, TTL_MAX_ANONYMOUS, TTL_MAX_ACCOUNT', () => {
    const t = useTestApp({ TTL_DEFAULT: '120', TTL_MIN: '100', TTL_MAX_ANONYMOUS: '300', TTL_MAX_ACCOUNT: '900' });
    let alice: string;

    beforeEach(async () => {
      alice = basic(ALICE, await t.createAccount(ALICE));
    });

    it.each([
      ['absent', {}, 120, 120],
      ['empty', { ttl: '' }, 120, 120],
      ['below TTL_MIN', { ttl: '60' }, 100, 100],
      ['garbage', { ttl: 'x' }, 100, 100],
      ['within range', { ttl: '200' }, 200, 200],
      ['between the two maxima', { ttl: '600' }, 300, 600],
      ['above both maxima', { ttl: '604800' }, 300, 900],
    ] as ReadonlyArray<[string, Record<string, string>, number, number]>)('ttl %s: anonymous %i, account %i', async (_name, fields, anonymous, account) => {
      const anon = await t.share({ secret: 'v', ...fields }).expect(200);
      expect(anon.body).toMatchObject({ ttl: anonymous, secret_ttl: anonymous, metadata_ttl: 2 * anonymous });
      const own = await t.share({ secret: 'v', ...fields }, alice).expect(200);
      expect(own.body).toMatchObject({ ttl: account, secret_ttl: account, metadata_ttl: 2 * account });
    });
  });

  describe('PASSPHRASE_MAX_ATTEMPTS=2', () => {
    const t = useTestApp({ PASSPHRASE_MAX_ATTEMPTS: '2' });
    let alice: string;

    beforeEach(async () => {
      alice = basic(ALICE, await t.createAccount(ALICE));
    });

    const shareGuarded = () => t.shareReceipt({ secret: 'v', passphrase: 'right' }, alice);

    it('one wrong guess leaves the secret revealable', async () => {
      const shared = await shareGuarded();
      expectUnknownSecret(await t.reveal(shared.secret_key, { passphrase: 'wrong' }), shared.secret_key);
      const res = await t.reveal(shared.secret_key, { passphrase: 'right' }).expect(200);
      expect(res.body.value).toBe('v');
    });

    it('the second wrong guess burns it', async () => {
      const shared = await shareGuarded();
      for (const guess of ['wrong1', 'wrong2']) {
        expectUnknownSecret(await t.reveal(shared.secret_key, { passphrase: guess }), shared.secret_key);
      }
      expectUnknownSecret(await t.reveal(shared.secret_key, { passphrase: 'right' }), shared.secret_key);
      const meta = await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200);
      expect(meta.body).toMatchObject({ state: 'burned', secret_key: '', secret_ttl: null });
    });

    it('a missing or empty passphrase is no guess: the limit is never reached by them (spec §5)', async () => {
      const shared = await shareGuarded();
      for (const fields of [{}, { passphrase: '' }, {}, { passphrase: '' }] as Record<string, string>[]) expectUnknownSecret(await t.reveal(shared.secret_key, fields), shared.secret_key);
      expect((await t.reveal(shared.secret_key, { passphrase: 'right' }).expect(200)).body.value).toBeDefined();
    });
  });

  describe('PUBLIC_URL', () => {
    const t = useTestApp({ PUBLIC_URL: 'https://hush.example.com' });
    let alice: string;

    beforeEach(async () => {
      alice = basic(ALICE, await t.createAccount(ALICE));
    });

    it('becomes share_domain in share, generate, metadata, recent, burn and reveal responses', async () => {
      const domain = 'https://hush.example.com';
      const shared = (await t.share({ secret: 'v' }, alice).expect(200)).body;
      expect(shared.share_domain).toBe(domain);
      const anon = (await t.share({ secret: 'a' }).expect(200)).body;
      expect(anon.share_domain).toBe(domain);
      expect((await t.http().post('/api/v1/generate').set('Authorization', alice).expect(200)).body.share_domain).toBe(domain);
      expect((await t.http().get(`/api/v1/private/${shared.metadata_key}`).set('Authorization', alice).expect(200)).body.share_domain).toBe(domain);
      const recent = (await t.http().get('/api/v1/private/recent').set('Authorization', alice).expect(200)).body as { share_domain: string }[];
      expect(recent.map((m) => m.share_domain)).toEqual([domain, domain]);
      const revealed = await t.http().post(`/api/v1/secret/${shared.secret_key}`).expect(200);
      expect(revealed.body).toEqual({ value: 'v', secret_key: shared.secret_key, share_domain: domain });
      const other = (await t.share({ secret: 'w' }, alice).expect(200)).body;
      const burned = await t.http().post(`/api/v1/private/${other.metadata_key}/burn`).set('Authorization', alice).expect(200);
      expect(burned.body.state.share_domain).toBe(domain);
    });
  });

  describe('PUBLIC_URL with a trailing slash', () => {
    const t = useTestApp({ PUBLIC_URL: 'https://hush.example.com/' });

    it('is sent as the bare origin', async () => {
      const res = await t.share({ secret: 'v' }).expect(200);
      expect(res.body.share_domain).toBe('https://hush.example.com');
    });
  });
});
