import { AccountDisabledError, AccountNotFoundError, NotAuthorizedError } from '../errors';
import { NO_ORIGIN } from '../secret/secret-event';
import { createDomainFixture, DomainFixture } from '../testing';

const ALICE = 'alice@example.com';
const ORIGIN = { clientAddress: '192.0.2.1', userAgent: 'Firefox/140' };

async function withAccount(settings: Parameters<typeof createDomainFixture>[0] = {}): Promise<DomainFixture> {
  const f = createDomainFixture(settings);
  await f.createAccount.execute({ custid: ALICE });
  return f;
}

describe('session use cases', () => {
  it('starts a session with a new token every time; only its digest is stored, with account, times and user agent', async () => {
    const f = await withAccount();
    const first = await f.startSession.execute({ custid: ALICE, method: 'sso', origin: ORIGIN });
    const second = await f.startSession.execute({ custid: ALICE, method: 'token', origin: ORIGIN });
    expect(first.token).not.toBe(second.token);
    const stored = await f.sessions.find(f.tokens.hash(first.token));
    expect(stored).toMatchObject({ custid: ALICE, createdAt: f.clock.now(), lastSeenAt: f.clock.now(), userAgent: 'Firefox/140' });
    expect(stored?.tokenDigest).not.toContain(first.token);
    await expect(f.resumeSession.execute({ token: first.token })).resolves.toMatchObject({ custid: ALICE, caller: { kind: 'account', custid: ALICE } });
    await expect(f.resumeSession.execute({ token: second.token })).resolves.toMatchObject({ custid: ALICE });
  });

  it('ends the session the browser held when it signs in again (no fixation)', async () => {
    const f = await withAccount();
    const planted = await f.startSession.execute({ custid: ALICE, method: 'token' });
    const fresh = await f.startSession.execute({ custid: ALICE, method: 'sso', previousToken: planted.token });
    await expect(f.resumeSession.execute({ token: planted.token })).resolves.toBeNull();
    await expect(f.resumeSession.execute({ token: fresh.token })).resolves.not.toBeNull();
  });

  it('starts none for a disabled or unknown account', async () => {
    const f = await withAccount();
    await f.setAccountEnabled.execute({ custid: ALICE, enabled: false });
    await expect(f.startSession.execute({ custid: ALICE, method: 'token' })).rejects.toBeInstanceOf(AccountDisabledError);
    await expect(f.startSession.execute({ custid: 'bob@example.com', method: 'token' })).rejects.toBeInstanceOf(AccountNotFoundError);
    expect(f.sessions.size).toBe(0);
  });

  it('resumes nothing for an unknown, empty or overlong token', async () => {
    const f = await withAccount();
    await f.startSession.execute({ custid: ALICE, method: 'sso' });
    for (const token of ['', 'unknown', 'x'.repeat(10_000)]) await expect(f.resumeSession.execute({ token })).resolves.toBeNull();
  });

  it('ends an idle session, and deletes it', async () => {
    const f = await withAccount({ sessions: { idleMinutes: 30 } });
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    f.clock.advanceSeconds(30 * 60);
    await expect(f.resumeSession.execute({ token })).resolves.not.toBeNull();
    f.clock.advanceSeconds(30 * 60 + 1);
    await expect(f.resumeSession.execute({ token })).resolves.toBeNull();
    expect(f.sessions.size).toBe(0);
  });

  it('ends a busy session at its maximum age', async () => {
    const f = await withAccount({ sessions: { idleMinutes: 60, maxHours: 2 } });
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    for (let minutes = 0; minutes < 120; minutes += 30) {
      await expect(f.resumeSession.execute({ token })).resolves.not.toBeNull();
      f.clock.advanceSeconds(30 * 60);
    }
    await expect(f.resumeSession.execute({ token })).resolves.not.toBeNull();
    f.clock.advanceSeconds(1);
    await expect(f.resumeSession.execute({ token })).resolves.toBeNull();
    expect(f.sessions.size).toBe(0);
  });

  it('writes last seen at most once a minute', async () => {
    const f = await withAccount();
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    const digest = f.tokens.hash(token);
    const touch = jest.spyOn(f.sessions, 'touch');
    f.clock.advanceSeconds(59);
    await f.resumeSession.execute({ token });
    expect(touch).not.toHaveBeenCalled();
    f.clock.advanceSeconds(1);
    await f.resumeSession.execute({ token });
    await f.resumeSession.execute({ token });
    expect(touch).toHaveBeenCalledTimes(1);
    expect((await f.sessions.find(digest))?.lastSeenAt).toEqual(f.clock.now());
  });

  it('ends the sessions of a disabled account, within the account cache time', async () => {
    const f = await withAccount({ accountCacheMs: 10_000 });
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    await f.resumeSession.execute({ token });
    await f.setAccountEnabled.execute({ custid: ALICE, enabled: false });
    await expect(f.resumeSession.execute({ token })).resolves.not.toBeNull();
    f.clock.advanceSeconds(10);
    await expect(f.resumeSession.execute({ token })).resolves.toBeNull();
    expect(f.sessions.size).toBe(0);
  });

  it('signs out: the row goes, so a copy of the token is dead', async () => {
    const f = await withAccount();
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    await expect(f.endSession.execute({ token, origin: ORIGIN })).resolves.toBe(true);
    await expect(f.resumeSession.execute({ token })).resolves.toBeNull();
    await expect(f.endSession.execute({ token })).resolves.toBe(false);
    await expect(f.endSession.execute({ token: '' })).resolves.toBe(false);
  });

  it('lists an account\'s live sessions newest first without token or digest, and ends them all', async () => {
    const f = await withAccount();
    await f.createAccount.execute({ custid: 'bob@example.com' });
    await f.startSession.execute({ custid: ALICE, method: 'sso', origin: { ...NO_ORIGIN, userAgent: 'Old' } });
    f.clock.advanceSeconds(61 * 60);
    const started = f.clock.now();
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso', origin: { ...NO_ORIGIN, userAgent: 'New' } });
    const bobs = await f.startSession.execute({ custid: 'bob@example.com', method: 'token' });
    const list = await f.listAccountSessions.execute({ custid: ALICE });
    expect(list).toEqual([{ createdAt: started, lastSeenAt: started, userAgent: 'New', endsAt: new Date(started.getTime() + 3_600_000) }]);
    expect(JSON.stringify(list)).not.toContain(token);
    expect(JSON.stringify(list)).not.toContain(f.tokens.hash(token));
    await expect(f.endAccountSessions.execute({ custid: ALICE })).resolves.toBe(2);
    await expect(f.listAccountSessions.execute({ custid: ALICE })).resolves.toEqual([]);
    await expect(f.resumeSession.execute({ token: bobs.token })).resolves.not.toBeNull();
  });

  it('the purge removes ended sessions and keeps live ones', async () => {
    const f = await withAccount({ purge: { batchSize: 2 } });
    for (let i = 0; i < 3; i++) await f.startSession.execute({ custid: ALICE, method: 'sso' });
    f.clock.advanceSeconds(61 * 60);
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'sso' });
    await expect(f.purge.execute()).resolves.toMatchObject({ sessionsRemoved: 3 });
    expect(f.sessions.size).toBe(1);
    await expect(f.resumeSession.execute({ token })).resolves.not.toBeNull();
  });

  it('signs in with the account name and API token, and records each refusal without what was typed', async () => {
    const f = createDomainFixture();
    const { token: apiToken } = await f.createAccount.execute({ custid: ALICE });
    const wrong = `${apiToken.slice(0, -1)}${apiToken.endsWith('x') ? 'y' : 'x'}`;
    await expect(f.signInWithToken.execute({ custid: ALICE, token: wrong, origin: ORIGIN })).rejects.toBeInstanceOf(NotAuthorizedError);
    // A token pasted into the name field is not an account name: recorded as anon.
    await expect(f.signInWithToken.execute({ custid: apiToken, token: apiToken, origin: ORIGIN })).rejects.toBeInstanceOf(NotAuthorizedError);
    const { token } = await f.signInWithToken.execute({ custid: ALICE, token: apiToken, origin: ORIGIN });
    await expect(f.resumeSession.execute({ token })).resolves.toMatchObject({ custid: ALICE });
    await f.setAccountEnabled.execute({ custid: ALICE, enabled: false });
    await expect(f.signInWithToken.execute({ custid: ALICE, token: apiToken, origin: ORIGIN })).rejects.toBeInstanceOf(NotAuthorizedError);
    const entries = await f.listAudit.execute({});
    expect(entries.map((e) => [e.event, e.custid, e.reason])).toEqual([
      ['account.signin_refused', ALICE, 'token_refused'],
      ['account.signin_refused', 'anon', 'token_refused'],
      ['account.signed_in', ALICE, 'token'],
      ['account.signin_refused', ALICE, 'account_disabled'],
    ]);
    for (const secret of [apiToken, wrong, token]) expect(JSON.stringify(entries)).not.toContain(secret);
  });

  it('records sign-in, refusal, sign-out and a replaced token in the audit trail, never a token', async () => {
    const f = await withAccount();
    const { token } = await f.startSession.execute({ custid: ALICE, method: 'token', origin: ORIGIN });
    await f.endSession.execute({ token, origin: ORIGIN });
    await f.startSession.execute({ custid: ALICE, method: 'sso' });
    await f.endAccountSessions.execute({ custid: ALICE });
    const { token: apiToken } = await f.rotateToken.execute({ custid: ALICE, origin: ORIGIN });
    await f.setAccountEnabled.execute({ custid: ALICE, enabled: false });
    await f.startSession.execute({ custid: ALICE, method: 'token' }).catch(() => undefined);
    const entries = await f.listAudit.execute({ custid: ALICE });
    expect(entries.map((e) => [e.event, e.reason])).toEqual([
      ['account.signed_in', 'token'],
      ['account.signed_out', null],
      ['account.signed_in', 'sso'],
      ['account.signed_out', 'all_sessions'],
      ['account.token_replaced', null],
      ['account.signin_refused', 'account_disabled'],
    ]);
    expect(entries[0]).toMatchObject({ custid: ALICE, owner: ALICE, secretRef: null, clientAddress: '192.0.2.1', userAgent: 'Firefox/140', at: f.clock.now() });
    for (const secret of [token, apiToken, f.tokens.hash(token)]) expect(JSON.stringify(entries)).not.toContain(secret);
  });
});
