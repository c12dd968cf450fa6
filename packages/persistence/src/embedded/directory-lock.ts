import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

interface LockOwner {
  readonly pid: number;
  /** Loopback port where the owner serves the database, once it does. */
  readonly port?: number;
}

/** The directory is held by a live process; `port` says where that process serves it, if it does. */
export class DataDirInUseError extends Error {
  constructor(
    readonly directory: string,
    readonly owner: LockOwner,
  ) {
    super(`The embedded database in ${directory} is in use by process ${owner.pid}; set DATA_DIR to another directory or stop that process`);
    this.name = 'DataDirInUseError';
  }
}

const LOCK = 'hush.lock';
const OWNER_FILE = /^owner-(\d+)-[0-9a-f]+$/;
/** Each failed attempt means another process changed the lock; more than this many in a row is not a race. */
const ATTEMPTS = 10;

interface FoundOwner extends LockOwner {
  /** The owner's file: its name is unique to one holding of the lock, so removing it can never remove a later one. */
  readonly file: string;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function ignoring(codes: readonly string[], action: () => void): void {
  try {
    action();
  } catch (error) {
    if (!codes.includes(errorCode(error) ?? '')) throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

/** What an owner file records (`{"port":…}`); the lock file of earlier versions also held the pid. */
function readRecord(file: string): { pid?: unknown; port?: unknown } {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; port?: unknown };
  } catch {
    return {};
  }
}

const integerOrUndefined = (value: unknown): number | undefined => (Number.isInteger(value) ? (value as number) : undefined);

/** The owners recorded in the lock: none when it is absent or empty. */
function readOwners(lock: string): FoundOwner[] {
  let entries: string[];
  try {
    entries = readdirSync(lock);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    if (errorCode(error) !== 'ENOTDIR') throw error;
    // A plain file: the lock of an earlier version, left behind by a process that did not stop cleanly.
    const { pid, port } = readRecord(lock);
    return [{ pid: integerOrUndefined(pid) ?? 0, port: integerOrUndefined(port), file: lock }];
  }
  return entries.flatMap((name) => {
    const pid = OWNER_FILE.exec(name)?.[1];
    return pid === undefined ? [] : [{ pid: Number(pid), port: integerOrUndefined(readRecord(join(lock, name)).port), file: join(lock, name) }];
  });
}

/**
 * PGlite has no lock of its own: two processes opening one data directory would corrupt it.
 * The lock is the directory `hush.lock` holding one file named after its owner's pid and a random id.
 * A process takes it by renaming a directory it prepared onto `hush.lock`, which the kernel does
 * atomically and only while `hush.lock` is absent or empty, so of any number of processes one wins.
 * A lock left by a dead process is cleared by unlinking its owner's file by that unique name (then
 * the empty directory), so a process acting on what it read a moment ago cannot remove a newer lock.
 */
export class DirectoryLock {
  private constructor(
    private readonly lock: string,
    private readonly ownerFile: string,
  ) {}

  static acquire(directory: string): DirectoryLock {
    mkdirSync(directory, { recursive: true });
    const lock = join(directory, LOCK);
    const name = `owner-${process.pid}-${randomBytes(8).toString('hex')}`;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (DirectoryLock.install(directory, lock, name)) return new DirectoryLock(lock, join(lock, name));
      const owners = readOwners(lock);
      const live = owners.find((owner) => owner.pid > 0 && owner.pid !== process.pid && isAlive(owner.pid));
      if (live) throw new DataDirInUseError(directory, { pid: live.pid, port: live.port });
      // EISDIR/EPERM: a legacy file that another process already replaced with a lock directory.
      for (const stale of owners) ignoring(['ENOENT', 'EISDIR', 'EPERM'], () => unlinkSync(stale.file));
      ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'], () => rmdirSync(lock));
    }
    throw new Error(`Could not lock ${directory}: ${LOCK} kept changing`);
  }

  /** Renames a prepared lock directory onto `lock`; false when another process holds it. */
  private static install(directory: string, lock: string, name: string): boolean {
    const prepared = join(directory, `.${LOCK}-${name}`);
    mkdirSync(prepared, { mode: 0o700 });
    try {
      writeFileSync(join(prepared, name), '', { mode: 0o600 });
      renameSync(prepared, lock);
      return true;
    } catch (error) {
      rmSync(prepared, { recursive: true, force: true });
      if (['ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes(errorCode(error) ?? '')) return false;
      throw error;
    }
  }

  /** Tells other processes (the admin CLI) where this one serves the database. */
  recordPort(port: number): void {
    // 'r+' never creates: a lock that is no longer ours is not written to.
    const fd = openSync(this.ownerFile, 'r+');
    try {
      const written = writeSync(fd, JSON.stringify({ port }), 0);
      ftruncateSync(fd, written);
    } finally {
      closeSync(fd);
    }
  }

  release(): void {
    ignoring(['ENOENT'], () => unlinkSync(this.ownerFile));
    // Not empty: another process took the lock the moment the owner file was gone.
    ignoring(['ENOENT', 'ENOTEMPTY', 'EEXIST'], () => rmdirSync(this.lock));
  }
}
