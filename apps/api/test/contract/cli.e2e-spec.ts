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

  it('account list prints one line per account and never a token', async () => {
    const tokens: string[] = [];
    for (const custid of ['b@example.com', 'a@example.com']) tokens.push(lastLine((await runCommand(['account', 'create', custid])).stdout));
    await runCommand(['account', 'disable', 'b@example.com']);
    const result = await runCommand(['account', 'list']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^a@example\.com\tenabled\t\d{4}-/);
    expect(lines[1]).toMatch(/^b@example\.com\tdisabled\t/);
    for (const token of tokens) expect(result.stdout).not.toContain(token);
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
