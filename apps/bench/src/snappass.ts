import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './server';

/**
 * snappass (github.com/pinterest/snappass), the one-time-secret service a team would otherwise pick: Flask behind
 * gunicorn (two sync workers) on Redis, which keeps nothing on disk. Its source is not part of Hush: the bench is
 * told where a checkout is (`BENCH_SNAPPASS_DIR`) and runs it on Debian's python3-flask, python3-redis,
 * python3-cryptography, python3-flask-babel, gunicorn and redis-server.
 */
export interface Snappass {
  readonly url: string;
  /** gunicorn's master and workers, and the Redis server: the processes whose CPU time is snappass's. */
  readonly pids: () => number[];
  readonly redisPid: number;
  stop(): Promise<void>;
}

export const SNAPPASS_WORKERS = 2;
const SHIM_DIR = join(__dirname, '..', 'snappass');

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why snappass cannot run here, or undefined when it can. */
export function snappassMissing(dir: string | undefined): string | undefined {
  if (!dir) return 'BENCH_SNAPPASS_DIR is not set (docs/develop/bench.md says how to get snappass)';
  if (!existsSync(join(dir, 'snappass', 'main.py'))) return `${dir} holds no snappass/main.py`;
  const missing = ['gunicorn', 'redis-server'].filter((command) => !onPath(command));
  if (missing.length > 0) return `${missing.join(' and ')} not installed (apt install gunicorn redis-server python3-flask python3-redis python3-cryptography python3-flask-babel)`;
  return undefined;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not start`);
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function startSnappass(dir: string): Promise<Snappass> {
  const redisPort = await freePort();
  const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const port = await freePort();
  const gunicorn = spawn('gunicorn', ['--workers', String(SNAPPASS_WORKERS), '--bind', `127.0.0.1:${port}`, '--log-level', 'warning', 'snappass.main:app'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: `${SHIM_DIR}:${dir}`, REDIS_URL: `redis://127.0.0.1:${redisPort}/0`, NO_SSL: 'True' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    gunicorn.kill('SIGTERM');
    redis.kill('SIGTERM');
    await Promise.all([exited(gunicorn), exited(redis)]);
  };
  try {
    await waitFor(async () => (await fetch(`${url}/_/_/health`)).ok, 'snappass');
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    pids: () => [gunicorn.pid ?? 0, ...children(gunicorn.pid ?? 0), redis.pid ?? 0],
    redisPid: redis.pid ?? 0,
    stop,
  };
}
