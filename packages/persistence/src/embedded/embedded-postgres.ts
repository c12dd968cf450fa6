import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DirectoryLock } from './directory-lock';

/**
 * PostgreSQL's defaults size the buffer pool for a server of its own (128 MB); inside the app's process a
 * small pool is plenty for an embedded database, and the operating system caches the files behind it.
 */
export const EMBEDDED_SETTINGS: readonly string[] = ['shared_buffers = 16MB'];

const INITIALISE = `const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2], { postgresqlconf: JSON.parse(process.argv[3]) }).then((db) => db.close())
  .catch((error) => { process.stderr.write(String(error && error.message)); process.exit(1); });`;

/**
 * initdb, run in a child process: creating a data directory takes PGlite some 700 MB that a WebAssembly
 * instance never gives back, which the server process would otherwise keep for its whole life.
 */
async function initialiseDataDir(pgdata: string): Promise<void> {
  if (existsSync(join(pgdata, 'PG_VERSION'))) return;
  await promisify(execFile)(process.execPath, ['-e', INITIALISE, require.resolve('@electric-sql/pglite'), pgdata, JSON.stringify(EMBEDDED_SETTINGS)], {
    timeout: 120_000,
  });
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  /** Must cover every pool that connects (the socket server drops connections beyond it). */
  readonly maxConnections: number;
}

export function embeddedUrl(port: number): string {
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port so `pg` can talk to it. */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DirectoryLock,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const lock = DirectoryLock.acquire(options.dataDir);
    try {
      const pgdata = join(options.dataDir, 'pgdata');
      await initialiseDataDir(pgdata);
      const db = await PGlite.create(pgdata, { postgresqlconf: [...EMBEDDED_SETTINGS] });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
      await server.start();
      const [host = '127.0.0.1', port = ''] = server.getServerConn().split(':');
      lock.recordPort(Number(port));
      return new EmbeddedPostgres(db, server, lock, host, Number(port));
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  get url(): string {
    return embeddedUrl(this.port);
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}
