import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return Number.isInteger(owner.pid) ? { pid: owner.pid as number, port: owner.port } : null;
  } catch {
    return null;
  }
}

/**
 * PGlite has no lock of its own: two processes opening one data directory would corrupt it.
 * A pid file created exclusively guards it; a file left by a dead process is taken over.
 */
export class DirectoryLock {
  private constructor(private readonly path: string) {}

  static acquire(directory: string): DirectoryLock {
    mkdirSync(directory, { recursive: true });
    const path = join(directory, 'hush.lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        writeSync(fd, JSON.stringify({ pid: process.pid }));
        closeSync(fd);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = readOwner(path);
        if (owner && owner.pid !== process.pid && isAlive(owner.pid)) throw new DataDirInUseError(directory, owner);
        unlinkSync(path);
      }
    }
    throw new Error(`Could not lock ${directory}`);
  }

  /** Tells other processes (the admin CLI) where this one serves the database. */
  recordPort(port: number): void {
    writeFileSync(this.path, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
