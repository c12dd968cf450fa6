import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A plain TCP forwarder between the app and its database, so a test can cut the database off
 * (stop: every connection dies, new ones are refused) and bring it back (start, on the same port).
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private listeningPort = 0;

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
    const server = createServer((client) => this.forward(client));
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
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  private forward(client: Socket): void {
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    this.track(client);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const teardown = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', teardown).on('close', teardown);
    upstream.on('error', teardown).on('close', teardown);
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
