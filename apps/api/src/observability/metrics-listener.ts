import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { register } from 'prom-client';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../tokens';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

function send(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  response.end(JSON.stringify({ message }));
}

/** GET /metrics from the process-wide registry; with a token, only for `Authorization: Bearer <token>`. */
function metricsRequestListener(bearerToken: string | undefined): RequestListener {
  const expected = bearerToken === undefined ? null : digest(bearerToken);
  const authorized = (request: IncomingMessage): boolean => {
    if (expected === null) return true;
    const given = /^Bearer +(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    // Digests have one length, so the comparison takes the same time whatever was sent.
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
  return (request, response) => {
    if ((request.url ?? '').split('?')[0] !== '/metrics') return send(response, 404, 'Not Found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    if (!authorized(request)) return send(response, 401, 'Unauthorized', { 'WWW-Authenticate': 'Bearer realm="metrics"' });
    register.metrics().then(
      (text) => {
        response.writeHead(200, { 'Content-Type': register.contentType, 'Cache-Control': 'no-store' });
        response.end(text);
      },
      () => send(response, 500, 'An unexpected error occurred'),
    );
  };
}

/**
 * /metrics on a port of its own (METRICS_PORT), so that whatever publishes the API does not publish it;
 * it listens when the app starts and closes when the app closes.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    const { metrics, http } = this.config;
    if (metrics === null) return;
    const server = createServer(metricsRequestListener(metrics.bearerToken));
    server.headersTimeout = http.headersTimeoutMs;
    server.requestTimeout = http.requestTimeoutMs;
    server.keepAliveTimeout = http.keepAliveTimeoutMs;
    server.maxConnections = http.maxConnections;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error) => reject(new Error(`METRICS_PORT: cannot listen on ${metrics.host}:${metrics.port}: ${error.message}`)));
      server.listen(metrics.port, metrics.host, resolve);
    });
    this.server = server;
    new Logger('Metrics').log(`Serving /metrics on http://${metrics.host}:${metrics.port}${metrics.bearerToken ? ' (bearer token required)' : ''}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // A scrape cut short is retried at the next interval; an idle keep-alive connection must not hold up the exit.
    server.closeAllConnections();
    await closed;
  }
}
