import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, testDatabaseUrl, testPoolMode } from '@hush/persistence/testing';
import { TEST_MASTER_KEY } from './test-master-key';
import { INTENDED_STATUS } from './v1';
import { TEST_RATE_WINDOW_SECONDS } from './timing';

const DIST = join(__dirname, '..', '..', 'dist');

export function testEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_MODE: testPoolMode(),
    MASTER_KEY: TEST_MASTER_KEY,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '0',
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_REVEAL_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    RATE_LIMIT_WINDOW_SECONDS: String(TEST_RATE_WINDOW_SECONDS),
    // Races from one address must really race: one caller's share of the pool is tested on its own.
    CONCURRENT_REQUESTS_PER_CALLER: '0',
    ...extra,
  };
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built admin CLI, as an operator runs it. Asynchronous: the embedded test database may live in this very process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = testEnv()): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      if (error && status === null) reject(error);
      else resolve({ status, stdout, stderr });
    });
  });
}

export interface ServerProcess {
  readonly url: string;
  /** Where the process serves /metrics (its METRICS_PORT). */
  readonly metricsUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout so far (its JSON log lines). */
  stdout(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The V8 flags the server is started with, as `npm start` and the container image start it (deployment.spec checks they agree). */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];

/** The built server in its own process, ready once /api/v1/status answers. */
export async function startServer(extra: Record<string, string> = {}, env = testEnv): Promise<ServerProcess> {
  // A port found free can be bound by another process before this one listens: then on other ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(extra, env);
    } catch (error) {
      if (!(error instanceof PortTaken) || attempt === 3) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startServerOnce(extra: Record<string, string>, env: typeof testEnv): Promise<ServerProcess> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, join(DIST, 'main.js')], {
    env: env({ PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: String(metricsPort), DATABASE_POOL_SIZE: '5', ...extra }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const closed = new Promise((resolve) => child.once('close', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await closed; // stderr read to its end
      throw new (/EADDRINUSE/.test(stderr) ? PortTaken : Error)(`server exited: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}/api/v1/status`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet, or not answering yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`server did not start: ${stderr}${stdout.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}`,
    child,
    stdout: () => stdout,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** `count` server processes with the same settings, started side by side; if one fails, the others are stopped (else they keep jest alive). */
export async function startServers(count: number, extra: Record<string, string> = {}): Promise<ServerProcess[]> {
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(extra)));
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failed.reason;
  }
  return servers;
}

/** A whole-number environment variable (soak sizes), or the fallback when it is unset or empty. */
export function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, not ${JSON.stringify(raw)}`);
  return value;
}

/** What one HTTP call came to: a response (read in full), or a failure below HTTP (refused, reset, cut off mid-body), or no answer in time. */
export type CallOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly intended: string | null;
      readonly contentType: string | null;
      readonly retryAfter: string | null;
      readonly text: string;
      readonly ms: number;
    }
  | { readonly kind: 'connection'; readonly error: string; readonly ms: number }
  | { readonly kind: 'timeout'; readonly ms: number };

/** POSTs a form to `url`. Resolves with whatever happened to the call (so a test can classify every outcome under load); rejects only on an error that is not about the connection. */
export async function postForm(
  url: string,
  params: Record<string, string> = {},
  options: { authorization?: string; timeoutMs?: number } = {},
): Promise<CallOutcome> {
  const started = Date.now();
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
  if (options.authorization) headers.Authorization = options.authorization;
  try {
    const response = await fetch(url, { method: 'POST', headers, body: new URLSearchParams(params), signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await response.text();
    return {
      kind: 'response',
      status: response.status,
      intended: response.headers.get(INTENDED_STATUS),
      contentType: response.headers.get('content-type'),
      retryAfter: response.headers.get('retry-after'),
      text,
      ms: Date.now() - started,
    };
  } catch (error) {
    const ms = Date.now() - started;
    // Duck-typed: fetch's errors come from Node's own realm, not the test's (instanceof fails under jest).
    const { name, message, cause } = error as { name?: unknown; message?: unknown; cause?: { code?: string; message?: string } };
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', ms };
    // undici: "fetch failed" (refused, reset, closed before the response) or "terminated" (cut off mid-body).
    if (name !== 'TypeError' || typeof message !== 'string' || !/^(fetch failed|terminated)$/.test(message)) throw error;
    return { kind: 'connection', error: `${message}${cause ? ` (${cause.code ?? cause.message ?? ''})` : ''}`, ms };
  }
}
