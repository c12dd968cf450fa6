import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { peakRssMb } from './process-usage';
import { MASTER_KEY } from './fixtures';

const API_DIST = join(__dirname, '..', '..', 'api', 'dist');

export interface BenchServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Peak resident set size so far, in MB (VmHWM). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A node process serving HTTP on a free port, ready once `readyPath` answers (any status if `anyStatus`); its stdout lines to `onLine`. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, readyPath: string, anyStatus: boolean, onLine?: (line: string) => void): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, PORT: String(port), ...env }, stdio: ['ignore', onLine ? 'pipe' : 'ignore', 'inherit'] });
  if (onLine && child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.ok || anyStatus) break;
    } catch {
      if (i > 300) throw new Error(`${args.at(-1)} did not start`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    child,
    peakRssMb: () => peakRssMb(child.pid ?? 0),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The server's environment in the bench: as in production, but with limits off (unless `overrides` turn them on) and quiet logs. */
function serverEnvironment(databaseUrl: string, overrides: Record<string, string>): NodeJS.ProcessEnv {
  return {
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    MASTER_KEY,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_ACCOUNT_PER_MINUTE: '0',
    RATE_LIMIT_CREATE_PER_MINUTE: '0',
    RATE_LIMIT_REVEAL_PER_MINUTE: '0',
    RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    // All the load comes from one address and one account; the bench measures the server, not one caller's share.
    CONCURRENT_REQUESTS_PER_CALLER: '0',
    PURGE_INTERVAL_SECONDS: '86400',
    METRICS_PORT: '0',
    NODE_ENV: 'production',
    ...overrides,
  };
}

/** The V8 flags `npm start` and the container image start the server with (apps/api's deployment test keeps those equal). */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=8'];

/** The built server; `mainJs` may be another build's entry point (the baseline of a comparison). */
export function startServer(
  databaseUrl: string,
  extraArgs: string[] = [],
  overrides: Record<string, string> = {},
  mainJs = join(API_DIST, 'main.js'),
): Promise<BenchServer> {
  return startProcess([...SERVER_NODE_FLAGS, ...extraArgs, mainJs], serverEnvironment(databaseUrl, overrides), '/health/ready', false);
}

/** The built server under `node --trace-gc`: each collection's line goes to `onGc` as it is printed. */
export function startServerTracingGc(databaseUrl: string, overrides: Record<string, string>, onGc: (line: string) => void): Promise<BenchServer> {
  return startProcess([...SERVER_NODE_FLAGS, '--trace-gc', join(API_DIST, 'main.js')], serverEnvironment(databaseUrl, overrides), '/health/ready', false, onGc);
}

export type ReferenceName = 'node-http' | 'bare-nest' | 'bare-nest-stock-express' | 'bare-nest-fastify';

/** A reference server (`reference/*.server.ts`): Hush's use cases with less or no framework around them, configured as the server is. */
export function startReference(name: ReferenceName, databaseUrl: string, extraArgs: string[] = [], overrides: Record<string, string> = {}): Promise<BenchServer> {
  return startProcess([...extraArgs, join(__dirname, 'reference', `${name}.server.js`)], serverEnvironment(databaseUrl, overrides), '/', true);
}

/** The webhook receiver (`webhook-receiver.server.ts`): answers 204 at once and counts what it got, signed with `secret`. */
export function startWebhookReceiver(secret: string): Promise<BenchServer> {
  return startProcess([join(__dirname, 'webhook-receiver.server.js')], { WEBHOOK_SECRET: secret, HOST: '127.0.0.1' }, '/deliveries', false);
}
