import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
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
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return new DirectoryLock(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          throw new Error(`The embedded database in ${directory} is in use by process ${owner}; set DATA_DIR to another directory or stop that process`);
        }
        unlinkSync(path);
      }
    }
    throw new Error(`Could not lock ${directory}`);
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}
