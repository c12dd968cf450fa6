import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startServer, testEnv } from '../support/processes';
import { TEST_MASTER_KEY } from '../support/test-master-key';

const share = (url: string, secret: string, passphrase = 'slow enough to be in flight') =>
  fetch(`${url}/api/v1/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ secret, passphrase }),
  });

describe('graceful shutdown on SIGTERM (issue: graceful shutdown)', () => {
  it('finishes in-flight requests, refuses new ones, and exits 0 within 10 s', async () => {
    const server = await startServer();
    expect((await fetch(`${server.metricsUrl}/metrics`)).status).toBe(200);
    let answered = 0;
    const inFlight = Array.from({ length: 30 }, (_, i) => share(server.url, `in flight ${i}`).finally(() => (answered += 1)));
    // The first answer shows the server is busy with the batch (each request hashes a passphrase).
    await Promise.race(inFlight);
    const answeredBeforeSignal = answered;
    const started = Date.now();
    const exit = server.stop('SIGTERM');
    // Within the drain grace, readiness turns unavailable while the server still answers.
    let readiness = 200;
    for (const deadline = Date.now() + 450; readiness === 200 && Date.now() < deadline; ) {
      readiness = (await fetch(`${server.url}/health/ready`)).status;
    }
    expect(readiness).toBe(503);
    const responses = await Promise.all(inFlight);
    expect(answeredBeforeSignal).toBeLessThan(30);
    expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
    await expect(exit).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(fetch(`${server.url}/api/v1/status`)).rejects.toThrow();
    await expect(fetch(`${server.metricsUrl}/metrics`)).rejects.toThrow();
  });

  it('holds its embedded database alone (a second server refuses it, the admin CLI joins it) and closes it cleanly: the lock is released and the data is there on restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hush-shutdown-'));
    const embedded = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
      const env = testEnv({ DATA_DIR: dataDir, ...extra });
      delete env.DATABASE_URL;
      return { ...env, MASTER_KEY: TEST_MASTER_KEY };
    };
    try {
      const first = await startServer({}, embedded);
      const { secret_key: secretKey } = (await (await share(first.url, 'survives a restart')).json()) as { secret_key: string };

      try {
        // Issue 20 §9: a second server used to become a client of the first, and answer 503 forever once it stopped.
        const intruder = await new Promise<{ code: number | null; output: string }>((resolve) => {
          const env = embedded({ PORT: '0', METRICS_PORT: '0' });
          execFile(process.execPath, [join(__dirname, '..', '..', 'dist', 'main.js')], { env, timeout: 15_000 }, (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, output: `${stdout}${stderr}` }));
        });
        expect(intruder.code).not.toBe(0);
        expect(intruder.output).toContain(`The embedded database in ${dataDir} is in use by process ${first.child.pid}`);
        const cli = await runCli(['stats'], embedded());
        expect({ status: cli.status, stderr: cli.stderr, secrets: /secrets\.new\t1/.test(cli.stdout) }).toEqual({ status: 0, stderr: '', secrets: true });
      } catch (error) {
        await first.stop('SIGKILL');
        throw error;
      }
      await expect(first.stop('SIGTERM')).resolves.toBe(0);
      expect(existsSync(join(dataDir, 'hush.lock'))).toBe(false);

      const second = await startServer({}, embedded);
      try {
        const revealed = await fetch(`${second.url}/api/v1/secret/${secretKey}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'passphrase=slow+enough+to+be+in+flight',
        });
        expect(await revealed.json()).toMatchObject({ value: 'survives a restart' });
      } finally {
        await expect(second.stop('SIGINT')).resolves.toBe(0);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
