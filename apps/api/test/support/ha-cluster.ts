import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@hush/persistence/testing';
import { sleep } from './timing';

/**
 * A PostgreSQL cluster under the standard HA engine, on loopback: Debian's etcd, two Patroni nodes in
 * synchronous mode (PostgreSQL 15), and HAProxy sending connections to whichever node Patroni's REST API
 * calls the primary. Every process is this module's child and is killed by `stop()`.
 */

const PG_BIN = '/usr/lib/postgresql/15/bin';
const BINARIES = { patroni: '/usr/bin/patroni', etcd: '/usr/bin/etcd', haproxy: '/usr/sbin/haproxy', postgres: `${PG_BIN}/postgres` };
const DATABASE = 'hush_ha_test';
/** Leader key TTL, loop and retry (Patroni requires loop_wait + 2 × retry_timeout ≤ ttl): failover in about `ttl` seconds. */
const DCS_TIMING = { ttl: 10, loop_wait: 1, retry_timeout: 4 };
const START_DEADLINE_MS = 90_000;

/** The binaries (Debian's patroni, etcd-server, haproxy, postgresql-15) that are not installed. */
export function missingHaBinaries(): string[] {
  return Object.values(BINARIES).filter((path) => !existsSync(path));
}

export interface PatroniNode {
  readonly name: string;
  readonly restUrl: string;
  readonly pgPort: number;
  readonly dataDir: string;
}

export interface HaCluster {
  /** Hush's DATABASE_URL: through HAProxy, to the leader. */
  readonly databaseUrl: string;
  readonly nodes: readonly PatroniNode[];
  /** The node whose Patroni answers 200 on /primary (leader, lock held, PostgreSQL writable), or null. */
  primary(): Promise<PatroniNode | null>;
  /** Whether the node's Patroni answers 200 on /sync: a standby that commits wait for, and so one Patroni may promote. */
  synchronous(node: PatroniNode): Promise<boolean>;
  /** A node crash: SIGKILL its Patroni, its postmaster and every PostgreSQL process of that postmaster, at once. */
  kill(node: PatroniNode): void;
  /** The last lines each process wrote, for a failure message. */
  logs(): string;
  stop(): Promise<void>;
}

interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  output: string;
}

/** PostgreSQL refuses to run as root: as root, Patroni (and so PostgreSQL) runs as the `postgres` user. */
function postgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

async function answers(url: string): Promise<number | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
}

function psql(port: number, database: string, sql: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(`${PG_BIN}/psql`, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`psql: ${stderr || error.message}`)) : resolve(stdout.trim()),
    );
  });
}

/** PIDs whose parent is `parent` (a postmaster's backends and workers, which PostgreSQL puts in sessions of their own). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        // Field 4 of /proc/<pid>/stat is the parent; the command name (field 2) may hold spaces, so read after its ')'.
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent ? [Number(entry)] : [];
      } catch {
        return [];
      }
    });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** The running postmaster of `dataDir`: its pid file may outlive it (a killed node), so the process must still be that postmaster. */
function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return null;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(dataDir) ? pid : null;
  } catch {
    return null;
  }
}

/** SIGKILL a postmaster and its children together; stopped first, so it forks nothing in between. */
function killPostgres(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  if (pid === null) return;
  signal(pid, 'SIGSTOP');
  for (const target of [pid, ...childrenOf(pid)]) signal(target, 'SIGKILL');
}

export async function startHaCluster(): Promise<HaCluster> {
  const root = mkdtempSync(join(tmpdir(), 'hush-ha-'));
  chmodSync(root, 0o755);
  const owner = postgresUser();
  const started: Started[] = [];
  const nodes: PatroniNode[] = [];
  let stopped = false;

  const launch = (name: string, command: string, args: string[], options: { cwd?: string; uid?: number; gid?: number; home?: string } = {}): Started => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { PATH: process.env.PATH, HOME: options.home ?? root, LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
    });
    const entry: Started = { name, child, output: '' };
    // Keep the tail only: Patroni logs every loop.
    const keep = (chunk: Buffer) => (entry.output = (entry.output + chunk.toString()).slice(-6000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    started.push(entry);
    return entry;
  };

  // A safety net should jest exit without running afterAll: signals are synchronous.
  const killAllNow = () => {
    for (const node of nodes) killPostgres(node.dataDir);
    for (const { child } of started) if (child.exitCode === null && child.pid !== undefined) signal(child.pid, 'SIGKILL');
  };
  process.once('exit', killAllNow);

  const logs = () => started.map(({ name, output }) => `--- ${name}\n${output.split('\n').slice(-25).join('\n')}`).join('\n');

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killAllNow);
    // Patroni first, so that it restarts no PostgreSQL; then PostgreSQL; then the rest.
    const exited = ({ child }: Started) =>
      child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const patronis = started.filter(({ name }) => name.startsWith('patroni'));
    for (const { child } of patronis) if (child.pid !== undefined) signal(child.pid, 'SIGKILL');
    await Promise.all(patronis.map(exited));
    killAllNow();
    await Promise.all(started.map(exited));
    for (const node of nodes) for (let i = 0; postmasterPid(node.dataDir) !== null && i < 50; i++) await sleep(100);
    rmSync(root, { recursive: true, force: true });
  };

  try {
    const [etcdClient, etcdPeer, haproxyPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdClient}`;
    const peerUrl = `http://127.0.0.1:${etcdPeer}`;
    launch('etcd', BINARIES.etcd, [
      '--name=ha',
      `--data-dir=${join(root, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=ha=${peerUrl}`,
    ]);

    for (const name of ['node1', 'node2']) {
      const [restPort, pgPort] = [await freePort(), await freePort()];
      const home = join(root, name);
      mkdirSync(home, { mode: 0o700 });
      if (owner) chownSync(home, owner.uid, owner.gid);
      const node: PatroniNode = { name, restUrl: `http://127.0.0.1:${restPort}`, pgPort, dataDir: join(home, 'data') };
      nodes.push(node);
      // YAML is a superset of JSON.
      const config = {
        scope: 'hush-ha',
        namespace: '/hush-test/',
        name,
        restapi: { listen: `127.0.0.1:${restPort}`, connect_address: `127.0.0.1:${restPort}` },
        etcd3: { hosts: `127.0.0.1:${etcdClient}` },
        bootstrap: {
          dcs: { ...DCS_TIMING, synchronous_mode: true, maximum_lag_on_failover: 1048576, postgresql: { use_pg_rewind: false } },
          initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }],
        },
        postgresql: {
          listen: `127.0.0.1:${pgPort}`,
          connect_address: `127.0.0.1:${pgPort}`,
          data_dir: node.dataDir,
          bin_dir: PG_BIN,
          pgpass: join(home, 'pgpass'),
          authentication: { replication: { username: 'replicator', password: 'replicator' }, superuser: { username: 'postgres', password: 'postgres' } },
          parameters: { unix_socket_directories: home, shared_buffers: '16MB', max_connections: 100 },
          pg_hba: ['local all all trust', 'host replication replicator 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 trust'],
        },
      };
      const file = join(home, 'patroni.yml');
      writeFileSync(file, JSON.stringify(config, null, 2));
      if (owner) chownSync(file, owner.uid, owner.gid);
      launch(`patroni ${name}`, BINARIES.patroni, [file], { cwd: home, home, ...(owner ?? {}) });
    }

    const servers = nodes.map((node) => `  server ${node.name} 127.0.0.1:${node.pgPort} check port ${new URL(node.restUrl).port}`);
    // Patroni's documented HAProxy set-up: only the node whose /primary answers 200 gets connections, and a node
    // marked down has its sessions cut (clients reconnect to the new leader instead of talking to a dead one).
    const haproxyConfig = [
      'global',
      '  maxconn 500',
      'defaults',
      '  mode tcp',
      '  timeout connect 2s',
      '  timeout client 30m',
      '  timeout server 30m',
      '  timeout check 1s',
      'listen primary',
      `  bind 127.0.0.1:${haproxyPort}`,
      '  option httpchk GET /primary',
      '  http-check expect status 200',
      '  default-server inter 500ms fall 2 rise 1 on-marked-down shutdown-sessions',
      ...servers,
      '',
    ].join('\n');
    writeFileSync(join(root, 'haproxy.cfg'), haproxyConfig);
    launch('haproxy', BINARIES.haproxy, ['-db', '-f', join(root, 'haproxy.cfg')]);

    const primary = async () => {
      for (const node of nodes) if ((await answers(`${node.restUrl}/primary`)) === 200) return node;
      return null;
    };

    // Ready when one node leads and the other is its synchronous standby.
    const deadline = Date.now() + START_DEADLINE_MS;
    for (;;) {
      const exited = started.find(({ child }) => child.exitCode !== null || child.signalCode !== null);
      if (exited) throw new Error(`${exited.name} exited during start-up`);
      const leader = await primary();
      const standby = nodes.find((node) => node !== leader);
      if (leader && standby && (await answers(`${standby.restUrl}/sync`)) === 200) break;
      if (Date.now() > deadline) throw new Error('the Patroni cluster did not get a leader and a synchronous standby in time');
      await sleep(250);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await psql(haproxyPort, 'postgres', `CREATE DATABASE ${DATABASE}`);
        break;
      } catch (error) {
        // HAProxy may not have marked the leader up yet.
        if (attempt >= 40) throw error;
        await sleep(250);
      }
    }

    return {
      databaseUrl: `postgres://postgres@127.0.0.1:${haproxyPort}/${DATABASE}`,
      nodes,
      primary,
      synchronous: async (node) => (await answers(`${node.restUrl}/sync`)) === 200,
      kill: (node) => {
        const patroni = started.find(({ name }) => name === `patroni ${node.name}`);
        if (patroni?.child.pid !== undefined) signal(patroni.child.pid, 'SIGKILL');
        killPostgres(node.dataDir);
      },
      logs,
      stop,
    };
  } catch (error) {
    const output = logs();
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
}
