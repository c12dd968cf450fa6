import { secretRows } from '../support/database';
import { runCommand } from '../support/cli';
import { runCli, testEnv } from '../support/processes';
import { basic, useTestApp } from '../support/test-app';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('admin CLI (spec §9) against the test database: the built binary where exit codes and streams matter, the commands in-process', () => {
  const t = useTestApp();

  const authcheck = (custid: string, token: string) => t.http().get('/api/v1/authcheck').set('Authorization', basic(custid, token));

  it('account create prints the new token alone on the last line, and it works over HTTP', async () => {
    const result = await runCli(['account', 'create', 'alice@example.com']);
    expect(result.status).toBe(0);
    const token = lastLine(result.stdout);
    expect(token).toMatch(/^[0-9a-z]{40}$/);
    await authcheck('alice@example.com', token).expect(200);
  });

  it('refuses a duplicate or invalid custid with a one-line reason and a non-zero exit', async () => {
    expect((await runCommand(['account', 'create', 'alice@example.com'])).status).toBe(0);
    for (const custid of ['alice@example.com', 'has:colon', 'anon']) {
      const result = await runCommand(['account', 'create', custid]);
      expect(result.status).not.toBe(0);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^hush-admin: /);
    }
  });

  it('account rotate-token replaces the token', async () => {
    const old = lastLine((await runCommand(['account', 'create', 'bob@example.com'])).stdout);
    const result = await runCommand(['account', 'rotate-token', 'bob@example.com']);
    expect(result.status).toBe(0);
    const fresh = lastLine(result.stdout);
    expect(fresh).not.toBe(old);
    await authcheck('bob@example.com', old).expect(404);
    await authcheck('bob@example.com', fresh).expect(200);
    expect((await runCommand(['account', 'rotate-token', 'nobody@example.com'])).status).not.toBe(0);
  });

  it('account disable blocks API access and enable restores it', async () => {
    const token = lastLine((await runCommand(['account', 'create', 'carol@example.com'])).stdout);
    expect((await runCommand(['account', 'disable', 'carol@example.com'])).status).toBe(0);
    const denied = await authcheck('carol@example.com', token).expect(404);
    expect(denied.body).toEqual({ message: 'Not authorized' });
    expect((await runCommand(['account', 'enable', 'carol@example.com'])).status).toBe(0);
    await authcheck('carol@example.com', token).expect(200);
  });

  it('account list prints a header naming its columns, then one line per account, and never a token', async () => {
    const tokens: string[] = [];
    for (const custid of ['b@example.com', 'a@example.com']) tokens.push(lastLine((await runCommand(['account', 'create', custid])).stdout));
    await runCommand(['account', 'disable', 'b@example.com']);
    const result = await runCommand(['account', 'list']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]?.split('\t')).toEqual(['CUSTID', 'STATUS', 'CREATED', 'REVEAL_NOTICES', 'MAIL_LOCALE']);
    expect(lines[1]).toMatch(/^a@example\.com\tenabled\t\d{4}-\S+\toff\tdefault$/);
    expect(lines[2]).toMatch(/^b@example\.com\tdisabled\t/);
    expect(lines.every((line) => line.split('\t').length === 5)).toBe(true);
    for (const token of tokens) expect(result.stdout).not.toContain(token);
  });

  it('account delete needs --yes; then burns the unread secrets, ends sessions, unlinks identities and keeps the audit trail', async () => {
    const DAVE = 'dave@example.com';
    const auth = basic(DAVE, lastLine((await runCommand(['account', 'create', DAVE])).stdout));
    const shares = [];
    for (const secret of ['unread', 'opened']) shares.push((await t.share({ secret }, auth).expect(200)).body as { secret_key: string; metadata_key: string });
    await t.reveal(shares[1]?.secret_key ?? '').expect(200);
    const someoneElse = (await t.share({ secret: 'not dave\'s' }).expect(200)).body as { secret_key: string };
    await t.db.dataSource.query(
      "INSERT INTO hush_session (token_digest, custid, created_at, last_seen_at) VALUES ('\\x01', $1, now(), now()), ('\\x02', 'erin@example.com', now(), now())",
      [DAVE],
    );
    await t.db.dataSource.query("INSERT INTO hush_identity (issuer, subject, custid, created_at) VALUES ('https://id.example.com', 's-dave', $1, now())", [DAVE]);

    const unconfirmed = await runCommand(['account', 'delete', DAVE]);
    expect(unconfirmed.status).not.toBe(0);
    expect(unconfirmed.stderr).toMatch(/^hush-admin: deleting dave@example\.com burns its unread secrets and cannot be undone: add --yes/);
    expect((await runCommand(['account', 'list'])).stdout).toContain(`${DAVE}\tenabled`);

    const deleted = await runCommand(['account', 'delete', DAVE, '--yes']);
    expect([deleted.status, deleted.stdout]).toEqual([0, `Deleted ${DAVE}: 1 unread secret burned, 1 session ended, 1 identity unlinked\n`]);
    expect((await runCommand(['account', 'list'])).stdout).not.toContain(DAVE);
    await t.reveal(shares[0]?.secret_key ?? '').expect(404);
    await t.reveal(someoneElse.secret_key).expect(200);
    expect(await t.db.dataSource.query('SELECT custid FROM hush_session')).toEqual([{ custid: 'erin@example.com' }]);
    expect(await t.db.dataSource.query('SELECT count(*)::int AS n FROM hush_identity')).toEqual([{ n: 0 }]);

    const trail = (await runCommand(['audit', 'list', '--custid', DAVE])).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(trail.map((entry) => [entry.event, entry.reason])).toEqual([
      ['secret.created', null],
      ['secret.created', null],
      ['secret.revealed', null],
      ['secret.burned', 'account_deleted'],
      ['account.deleted', 'burned=1'],
    ]);
    const again = await runCommand(['account', 'delete', DAVE, '--yes']);
    expect([again.status, again.stderr]).toEqual([1, `hush-admin: No such account: ${DAVE}\n`]);
  });

  it('help names the command hush-admin, not the file it runs from', async () => {
    const top = await runCli(['--help']);
    expect(top.stdout).toMatch(/^Usage: hush-admin \[options\] \[command\]/);
    const account = await runCli(['account', '--help']);
    expect(account.stdout).toMatch(/^Usage: hush-admin account /);
    expect(account.stdout).toMatch(/delete \[options\] <custid>/);
    expect(`${top.stdout}${account.stdout}`).not.toMatch(/\bcli\b/);
  });

  it('purge --dry-run counts, purge deletes expired rows and prints how many', async () => {
    t.clock.advanceSeconds(-3 * 3600);
    for (let i = 0; i < 3; i++) await t.share({ secret: 'old', ttl: '60' }).expect(200);
    t.clock.advanceSeconds(3 * 3600);
    await t.share({ secret: 'fresh' }).expect(200);
    const dry = await runCommand(['purge', '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/Would purge 3 expired rows/);
    const purge = await runCommand(['purge']);
    expect(purge.stdout).toMatch(/Purged 3 expired rows/);
    expect(await secretRows(t)).toBe(1);
  });

  it('stats prints counts by state, accounts and the oldest expiry', async () => {
    await runCommand(['account', 'create', 'a@example.com']);
    const { body } = await t.share({ secret: 'x', ttl: '600' }).expect(200);
    await t.share({ secret: 'y' }).expect(200);
    await t.http().post(`/api/v1/secret/${body.secret_key}`).expect(200);
    const result = await runCommand(['stats']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/secrets\.new\t1\n/);
    expect(result.stdout).toMatch(/secrets\.received\t1\n/);
    expect(result.stdout).toMatch(/accounts\t1\n/);
    expect(result.stdout).toMatch(/oldest_expiry\t\d{4}-\d\d-\d\dT/);
  });

  it('migrate reports the schema is up to date', async () => {
    const result = await runCommand(['migrate']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/up to date|Applied/);
  });

  it('fails with a non-zero exit on an unknown command or a bad configuration', async () => {
    expect((await runCli(['frobnicate'])).status).not.toBe(0);
    const bad = await runCli(['stats'], testEnv({ PORT: 'abc' }));
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/PORT must be a whole number/);
    const unreachable = await runCli(['stats'], testEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/hush_test' }));
    expect(unreachable.status).not.toBe(0);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
  });
});
