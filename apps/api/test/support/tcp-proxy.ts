import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A client connection and, once connected, its connection to the target. */
interface Link {
  readonly client: Socket;
  upstream: Socket | null;
}

/**
 * A plain TCP forwarder between the app and its database, so a test can cut the database off
 * (stop: every connection dies, new ones are refused) and bring it back (start, on the same port), or
 * make it hang (hold: connections are accepted, nothing goes through either way) and answer again
 * (release: what was held goes through, as after a network stall).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly links = new Set<Link>();
  private listeningPort = 0;
  private holding = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** The local port; fixed by the first start, reused by every later one. */
  get port(): number {
    return this.listeningPort;
  }

  get isRunning(): boolean {
    return this.server !== null;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listeningPort, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('TcpProxy: no TCP address');
    this.listeningPort = address.port;
    this.server = server;
  }

  /** Refuses new connections and destroys every open one, on both sides. */
  async stop(): Promise<void> {
    this.holding = false;
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.links.clear();
    await closed;
  }

  /** Keeps accepting connections but forwards nothing, on open connections and new ones, until release(). */
  hold(): void {
    this.holding = true;
    for (const { client, upstream } of this.links) {
      client.unpipe();
      client.pause();
      upstream?.unpipe();
      upstream?.pause();
    }
  }

  /** Forwards again, what was held first. */
  release(): void {
    if (!this.holding) return;
    this.holding = false;
    for (const link of this.links) this.connect(link);
  }

  private accept(client: Socket): void {
    const link: Link = { client, upstream: null };
    this.track(client);
    this.links.add(link);
    client.on('error', () => this.teardown(link)).on('close', () => this.teardown(link));
    if (this.holding) client.pause();
    else this.connect(link);
  }

  /** Pipes a link both ways, connecting it first if it was accepted while held. */
  private connect(link: Link): void {
    if (link.upstream === null) {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      link.upstream = upstream;
      this.track(upstream);
      upstream.on('error', () => this.teardown(link)).on('close', () => this.teardown(link));
    }
    link.client.pipe(link.upstream);
    link.upstream.pipe(link.client);
  }

  private teardown(link: Link): void {
    link.client.destroy();
    link.upstream?.destroy();
    this.links.delete(link);
  }

  private track(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

/** A proxy in front of the host and port of a postgres:// URL, and the same URL pointed at the proxy. */
export function proxyFor(databaseUrl: string): { proxy: TcpProxy; proxiedUrl: () => string } {
  const url = new URL(databaseUrl);
  const proxy = new TcpProxy(url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1', Number(url.port || 5432));
  const proxiedUrl = () => {
    const through = new URL(databaseUrl);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    return through.toString();
  };
  return { proxy, proxiedUrl };
}
