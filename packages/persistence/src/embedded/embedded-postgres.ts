import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { join } from 'node:path';
import { DirectoryLock } from './directory-lock';

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
      const db = await PGlite.create(join(options.dataDir, 'pgdata'));
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
