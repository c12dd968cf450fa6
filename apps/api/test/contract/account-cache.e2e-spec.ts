import { runCommand } from '../support/cli';
import { basic, useTestApp } from '../support/test-app';
import { sleep } from '../support/timing';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

describe('the account read reused for ACCOUNT_CACHE_SECONDS (issue: hot path)', () => {
  const t = useTestApp({ ACCOUNT_CACHE_SECONDS: '1' }, { clock: 'system' });
  const authcheck = (custid: string, token: string) => t.http().get('/api/v1/authcheck').set('Authorization', basic(custid, token));

  it('a disabled account stops working within the bound; a replaced token works at once and the old one stops within it', async () => {
    const token = lastLine((await runCommand(['account', 'create', 'cached@example.com'])).stdout);
    await authcheck('cached@example.com', token).expect(200);
    expect((await runCommand(['account', 'disable', 'cached@example.com'])).status).toBe(0);
    await sleep(1100);
    await authcheck('cached@example.com', token).expect(404);

    expect((await runCommand(['account', 'enable', 'cached@example.com'])).status).toBe(0);
    await authcheck('cached@example.com', token).expect(200);
    const fresh = lastLine((await runCommand(['account', 'rotate-token', 'cached@example.com'])).stdout);
    await authcheck('cached@example.com', fresh).expect(200);
    await sleep(1100);
    await authcheck('cached@example.com', token).expect(404);
    await authcheck('cached@example.com', fresh).expect(200);
  });
});
