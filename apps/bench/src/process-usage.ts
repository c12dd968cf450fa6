import { readdirSync, readFileSync } from 'node:fs';
import { Client } from 'pg';

/** CPU time of the database's processes, in µs, by kind: client backends, WAL writer, checkpointer, autovacuum, the rest. */
export type DatabaseCpu = Readonly<Record<string, number>>;

const TICK_MICROS = 10_000;

function stat(pid: number): string[] {
  // Fields after the command name in parentheses: state is [0], ppid [1], utime [11], stime [12], cutime [13], cstime [14].
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
}

/** User + system time in a stat line's fields, in µs: its own from utime [11], its exited children's from cutime [13]. */
const cpuOf = (fields: readonly string[], first: 11 | 13 = 11): number => (Number(fields[first]) + Number(fields[first + 1])) * TICK_MICROS;

/** User + system CPU time of a process so far, in µs (`/proc/<pid>/stat`, in clock ticks of 10 ms). */
export function processCpuMicros(pid: number): number {
  return cpuOf(stat(pid));
}

/** Peak resident set size of a process so far, in MB (VmHWM). */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function kindOf(pid: number): string {
  const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  if (/walwriter/.test(title)) return 'WAL writer';
  if (/checkpointer|background writer/.test(title)) return 'checkpointer and background writer';
  if (/autovacuum/.test(title)) return 'autovacuum';
  // A backend's title ends in its client's address: `postgres: 15/main: user db 127.0.0.1(40210) idle`, or `[local]`.
  if (/ \S+\(\d+\) | \[local\] /.test(title)) return 'client backends';
  return 'other';
}

/**
 * Reads the database's CPU time from /proc: every child of the postmaster by kind, and the children that have
 * exited in the postmaster's `cutime` (backends of closed connections, autovacuum workers). Only for a PostgreSQL
 * on this machine, read as root or its own user; otherwise undefined.
 */
export class DatabaseCpuMeter {
  private constructor(private readonly postmaster: number) {}

  static async open(databaseUrl: string): Promise<DatabaseCpuMeter | undefined> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const postmaster = Number(stat(rows[0]?.pid ?? 0)[1]);
      return readFileSync(`/proc/${postmaster}/comm`, 'utf8').trim() === 'postgres' ? new DatabaseCpuMeter(postmaster) : undefined;
    } catch {
      return undefined;
    } finally {
      await client.end();
    }
  }

  read(): DatabaseCpu {
    const own = stat(this.postmaster);
    const cpu: Record<string, number> = { 'exited processes': cpuOf(own, 13), postmaster: cpuOf(own) };
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = stat(Number(entry));
        if (Number(fields[1]) !== this.postmaster) continue;
        const kind = kindOf(Number(entry));
        cpu[kind] = (cpu[kind] ?? 0) + cpuOf(fields);
      } catch {
        // The process ended while it was read; its time is in the postmaster's cutime now.
      }
    }
    return cpu;
  }
}

/** CPU per operation between two readings, in µs, by kind, with the total under `total`. */
export function cpuPerOperation(before: DatabaseCpu, after: DatabaseCpu, operations: number): DatabaseCpu {
  const kinds = new Set([...Object.keys(before), ...Object.keys(after)]);
  const per: Record<string, number> = {};
  let total = 0;
  for (const kind of kinds) {
    const spent = (after[kind] ?? 0) - (before[kind] ?? 0);
    per[kind] = spent / operations;
    total += spent;
  }
  per.total = total / operations;
  return per;
}
