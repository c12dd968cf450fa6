import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';

/** A PgBouncer process of a test's own, on a free loopback port, in front of one PostgreSQL server. */
export interface PgBouncer {
  /** `upstreamUrl` with the pooler's host and port instead of the server's. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface PgBouncerOptions {
  readonly poolMode?: 'session' | 'transaction';
  /** Server connections per database and user (PgBouncer's default_pool_size). */
  readonly serverConnections?: number;
}

const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path)) ?? 'pgbouncer';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
    socket.unref();
    socket.once('connect', () => socket.destroy());
  });
}

/**
 * Starts Debian's `pgbouncer` (never its system service) with a configuration in a temporary directory:
 * trust authentication for the URL's user, every database passed through to the server, and no start-up
 * parameter tolerated beyond PgBouncer's own, as an operator's default set-up would have it.
 */
export async function startPgBouncer(upstreamUrl: string, options: PgBouncerOptions = {}): Promise<PgBouncer> {
  const upstream = new URL(upstreamUrl);
  const user = decodeURIComponent(upstream.username) || 'postgres';
  const dir = mkdtempSync(join(tmpdir(), 'hush-pgbouncer-'));
  // Run as root, PgBouncer drops to the postgres user (-u), which must read its files.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const password = upstream.password ? ` password=${decodeURIComponent(upstream.password)}` : '';
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}${password}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${options.poolMode ?? 'transaction'}`,
      `default_pool_size = ${options.serverConnections ?? 10}`,
      'max_client_conn = 1000',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const runAs = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const child: ChildProcess = spawn(BINARY, [...runAs, join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let ended = false;
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      ended = true;
      resolve();
    });
    child.once('error', (error) => {
      log += String(error);
      ended = true;
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    // SIGTERM: PgBouncer's immediate shutdown (SIGINT waits for every client to finish).
    if (!ended) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  while (!(await accepts(port))) {
    if (ended || Date.now() > deadline) {
      await stop();
      throw new Error(`PgBouncer (${BINARY}) did not start: ${log.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = new URL(upstreamUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return { url: url.toString(), stop };
}
